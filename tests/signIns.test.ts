/**
 * Sign-ins at a box office's opening hour: each is ~130 ms of PBKDF2 on libuv's threads, which new
 * database connections need too. Requests that carry a password run in a lane of their own, so
 * many at once all get in (slower, never refused for want of a connection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { firstErrorMessage } from './helpers/fixtures'
import { createTestApp, type TestApp, useTestApp } from './helpers/testApp'

const PASSWORD = 'a-long-box-office-password'
const email = (n: number) => `fan${n}@example.com`

const createAccounts = async (app: TestApp, count: number) => {
  for (let start = 0; start < count; start += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - start) }, (_, i) =>
        app.payload.create({
          collection: slugs.users,
          data: { email: email(start + i), password: PASSWORD, role: 'user' },
        }),
      ),
    )
  }
}

describe('many sign-ins at once', () => {
  const app = useTestApp()

  beforeAll(async () => {
    await createAccounts(app, 60)
  })

  it('should sign in 60 accounts that ask at the same moment', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        app.rest.post(`/${slugs.users}/login`, { email: email(n), password: PASSWORD }),
      ),
    )

    expect(answers.map(({ status }) => status)).toEqual(Array(60).fill(200))
  })
})

describe('the password lane', () => {
  let app: TestApp

  beforeAll(async () => {
    app = await createTestApp({
      plugin: { limits: { passwordChecks: { concurrency: 1, queue: 1, waitMs: 30_000 } } },
    })
    await createAccounts(app, 4)
  })

  afterAll(async () => {
    await app.destroy()
  })

  it('should let one check run, one wait, and refuse the rest with 503 and Retry-After', async () => {
    const answers = await Promise.all([
      ...[0, 1, 2].map((n) =>
        app.rest.post(`/${slugs.users}/login`, { email: email(n), password: PASSWORD }),
      ),
      app.graphql(
        `mutation { loginUser(email: "${email(3)}", password: "${PASSWORD}") { token } }`,
      ),
    ])
    const statuses = answers.map(({ status }) => status)
    const refused = answers.find(({ status }) => status === 503)

    expect(statuses.filter((status) => status === 200)).toHaveLength(2)
    expect(statuses.filter((status) => status === 503)).toHaveLength(2)
    expect(refused?.headers.get('Retry-After')).toBe('2')
    expect(await firstErrorMessage(refused as Response)).toMatch(/Too many sign-ins at once/)
  })

  it('should leave requests without a password out of the lane', async () => {
    const [login, ...reads] = await Promise.all([
      app.rest.post(`/${slugs.users}/login`, { email: email(0), password: PASSWORD }),
      ...Array.from({ length: 3 }, () => app.rest.get(`/${slugs.events}`)),
    ])

    expect([login.status, ...reads.map(({ status }) => status)]).toEqual([200, 200, 200, 200])
  })
})
