/**
 * The password policy wherever a password is set: registration (the first user's too), a change
 * and a reset; at least 10 characters, not the email, not one of the most common passwords.
 */
import { beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { firstErrorMessage } from './helpers/fixtures'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

const GOOD = 'a-long-and-unusual-passphrase'

describe('password policy', () => {
  const app = useTestApp()

  beforeEach(async () => {
    await app.reset()
  })

  it.each([
    ['too short', 'abc', /at least 10 characters/],
    ['nine characters', 'abcdefghi', /at least 10 characters/],
    ['the email', ' Dora@Example.com', /must not be your email address/],
    ['the email without its domain', 'dora.example', /must not be your email address/],
    ['a common password', 'Qwertyuiop', /one of the most common/],
    ['another common one', 'password123', /one of the most common/],
  ])('should refuse a registration with a password that is %s', async (_, password, message) => {
    const email = password === 'dora.example' ? 'dora.example@example.com' : 'dora@example.com'

    const response = await app.rest.post(`/${slugs.users}`, { email, password })

    expect(response.status).toBe(400)
    expect(await firstErrorMessage(response)).toMatch(message)
    expect(await app.payload.count({ collection: slugs.users })).toMatchObject({ totalDocs: 0 })
  })

  it('should refuse a weak first user in the admin panel and accept a good one', async () => {
    const weak = await app.rest.post(`/${slugs.users}/first-register`, {
      email: 'first@example.com',
      password: 'abc',
    })
    const good = await app.rest.post(`/${slugs.users}/first-register`, {
      email: 'first@example.com',
      password: GOOD,
    })

    expect(weak.status).toBe(400)
    expect(await firstErrorMessage(weak)).toMatch(/at least 10 characters/)
    expect(good.status).toBe(200)
  })

  it('should refuse a weak new password on a change, through REST and GraphQL', async () => {
    const { id, token } = await createUserAndLogin(app, { email: 'eve@example.com' })

    const rest = await app.rest.patch(`/${slugs.users}/${id}`, { password: 'short' }, { token })
    const graphql = await app.graphql(
      `mutation { updateUser(id: "${id}", data: { password: "eve@example.com" }) { id } }`,
      { token },
    )
    const good = await app.rest.patch(`/${slugs.users}/${id}`, { password: GOOD }, { token })

    expect(rest.status).toBe(400)
    expect(await firstErrorMessage(rest)).toMatch(/at least 10 characters/)
    expect(await graphql.text()).toMatch(/must not be your email address/)
    expect(good.status).toBe(200)
  })

  it('should refuse a weak password on a reset, keeping the token usable', async () => {
    await createUserAndLogin(app, { email: 'fay@example.com' })
    const token = await app.payload.forgotPassword({
      collection: slugs.users,
      data: { email: 'fay@example.com' },
      disableEmail: true,
    })

    const weak = await app.rest.post(`/${slugs.users}/reset-password`, {
      password: 'fay@example.com',
      token,
    })
    const good = await app.rest.post(`/${slugs.users}/reset-password`, { password: GOOD, token })

    expect(weak.status).toBe(400)
    expect(await firstErrorMessage(weak)).toMatch(/must not be your email address/)
    expect(good.status).toBe(200)
  })
})
