/**
 * Remembered sign-ins (src/platform/signIn/rememberSignedIn.ts): a token's account is loaded once and then
 * remembered for a few seconds, and anything that changes what the token may do (a role change,
 * a logout, a deletion) takes effect at once, on this app server and on any other.
 */
import { getPayload, type Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { cacheMode } from 'payload-events-cms/platform'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { json } from './helpers/fixtures'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

const waitFor = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !check()) await new Promise((resolve) => setTimeout(resolve, 25))
  return check()
}

describe('remembered sign-ins', () => {
  let other: Payload
  let admin: { id: string; token: string }
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    other = await getPayload({
      config: await buildAppConfig({ databaseUrl: app.databaseUrl }),
      key: `second-instance:${app.databaseUrl}`,
    })
    await waitFor(() => cacheMode(other) === 'listening' && cacheMode(app.payload) === 'listening')
    admin = await createUserAndLogin(app, { email: 'admin@example.com', role: 'admin' })
  })

  afterAll(async () => {
    await closePayload(other)
  })

  const accountQueries = () => queries.filter((query) => /from "users"/i.test(query)).length
  const me = async (token: string) =>
    (
      await json<{ user: { role?: string } | null }>(
        await app.rest.get(`/${slugs.users}/me`, { token }),
      )
    ).user

  it('should load the account behind a token once, then remember it', async () => {
    const { token } = await createUserAndLogin(app, { email: 'once@example.com' })

    queries.length = 0
    await app.rest.get(`/${slugs.bookings}?depth=0`, { token })
    const first = accountQueries()
    queries.length = 0
    await app.rest.get(`/${slugs.bookings}?depth=0`, { token })

    expect([first, accountQueries()]).toEqual([1, 0])
  })

  it('should remember a token under its own concurrent requests, not look it up on each', async () => {
    const { token } = await createUserAndLogin(app, { email: 'busy@example.com' })

    // 20 clients of one token, each asking 5 times in a row, all starting before it is remembered.
    queries.length = 0
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let request = 0; request < 5; request++)
          await app.rest.get(`/${slugs.bookings}?depth=0`, { token })
      }),
    )

    // The first request of each looks it up; every later one finds it remembered.
    expect(accountQueries()).toBeLessThanOrEqual(20)
  })

  it('should apply a role change to a remembered token at once', async () => {
    const user = await createUserAndLogin(app, { email: 'promoted@example.com' })
    expect((await app.rest.get('/audit-logs?limit=1', { token: user.token })).status).toBe(403)

    await app.rest.patch(`/${slugs.users}/${user.id}`, { role: 'admin' }, { token: admin.token })

    expect((await app.rest.get('/audit-logs?limit=1', { token: user.token })).status).toBe(200)
  })

  it('should forget a token at once when its session logs out', async () => {
    const { token } = await createUserAndLogin(app, { email: 'leaving@example.com' })
    expect(await me(token)).not.toBeNull()

    await app.rest.post(`/${slugs.users}/logout`, {}, { token })

    expect(await me(token)).toBeNull()
  })

  it('should forget a token on every other app server at once when it logs out on one', async () => {
    const { token } = await createUserAndLogin(app, { email: 'roaming@example.com' })
    const headers = new Headers({ authorization: `JWT ${token}` })
    expect((await other.auth({ headers })).user).not.toBeNull()

    await app.rest.post(`/${slugs.users}/logout`, {}, { token })

    expect((await other.auth({ headers })).user).toBeNull()
  })

  it('should forget an account that is deleted', async () => {
    const user = await createUserAndLogin(app, { email: 'deleted@example.com' })
    expect(await me(user.token)).not.toBeNull()

    await app.rest.delete(`/${slugs.users}/${user.id}`, { token: admin.token })

    expect(await me(user.token)).toBeNull()
  })
})
