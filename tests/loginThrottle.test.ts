/**
 * Failed sign-ins slow guessing per account and address and per address, counted in PostgreSQL
 * from the audit log, and never lock an account for everyone (Payload's lockout did).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { ACCOUNT_TABLES, createActors, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

const PASSWORD = 'correct-horse-battery'

describe('login throttling', () => {
  const login = (email: string, password: string, ip: string) =>
    app.rest.post(
      `/${slugs.users}/login`,
      { email, password },
      { headers: { 'x-forwarded-for': ip } },
    )
  const failedLogins = async () =>
    Number(
      (
        await app.sql.query<{ n: string }>(
          "SELECT count(*) AS n FROM audit_logs WHERE action = 'login_failed'",
        )
      ).rows[0]?.n,
    )

  const app = useTestApp(() => ({
    plugin: { limits: { login: { perAccountAndAddress: 3, perAddress: 5 } } },
  }))

  beforeAll(async () => {
    await createActors(app)
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  it('should refuse an address that guessed too often with a 429, and let the owner in from elsewhere', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await login('admin@example.com', 'wrong', '203.0.113.7')).status).toBe(401)
    }

    const throttled = await login('admin@example.com', PASSWORD, '203.0.113.7')
    const owner = await login('admin@example.com', PASSWORD, '198.51.100.1')
    const { errors } = await json<{ errors: { message: string }[] }>(throttled)

    expect([throttled.status, owner.status]).toEqual([429, 200])
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(errors[0]?.message).toMatch(/Too many failed sign-ins/)
  })

  it('should count failures for one account case-insensitively', async () => {
    for (const email of ['Admin@example.com', 'ADMIN@example.com', 'admin@EXAMPLE.com']) {
      await login(email, 'wrong', '203.0.113.8')
    }

    expect((await login('admin@example.com', PASSWORD, '203.0.113.8')).status).toBe(429)
  })

  it('should throttle an address that tries many accounts', async () => {
    for (const email of [
      'a@x.example',
      'b@x.example',
      'c@x.example',
      'd@x.example',
      'e@x.example',
    ]) {
      await login(email, 'wrong', '203.0.113.9')
    }

    expect((await login('ana@example.com', PASSWORD, '203.0.113.9')).status).toBe(429)
    expect((await login('ana@example.com', PASSWORD, '203.0.113.10')).status).toBe(200)
  })

  it('should write no audit row for a throttled attempt and never lock the account', async () => {
    for (let attempt = 0; attempt < 6; attempt++)
      await login('ana@example.com', 'wrong', '203.0.113.11')

    const [user] = (
      await app.sql.query<Record<string, unknown>>(
        "SELECT * FROM users WHERE email = 'ana@example.com'",
      )
    ).rows

    expect(await failedLogins()).toBe(3)
    expect(user).not.toHaveProperty('lock_until')
  })

  it('should throttle GraphQL logins the same way', async () => {
    const mutation = `mutation { loginUser(email: "org@example.com", password: "wrong") { token } }`
    for (let attempt = 0; attempt < 3; attempt++) {
      await app.graphql(mutation, { headers: { 'x-forwarded-for': '203.0.113.12' } })
    }

    const response = await app.graphql(
      `mutation { loginUser(email: "org@example.com", password: "${PASSWORD}") { token } }`,
      { headers: { 'x-forwarded-for': '203.0.113.12' } },
    )

    expect(JSON.stringify(await response.json())).toMatch(/Too many failed sign-ins/)
  })
})
