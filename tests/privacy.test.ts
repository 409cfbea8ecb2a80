import { beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { verifyAuditChain } from 'payload-events-cms/audit'
import { erasedEmail } from 'payload-events-cms/privacy'
import {
  createActors,
  createContactForm,
  createEvent,
  firstErrorMessage,
  json,
  type Actor,
} from './helpers/fixtures'
import { searchDatabase } from './helpers/searchDatabase'
import { useTestApp } from './helpers/testApp'

type Person = {
  email: string
  id: string
  ip: string
  name: string
  password: string
  phone: string
  token: string
}

type Export = {
  account: { email: string; phone: string }
  tickets: { attendeeName: null | string; checkIns: unknown[] }[]
  auditLog: { rows: { action: string; ip?: string; madeByThisAccount: boolean }[] }
  bookings: { contactSnapshot: { email: string }; totalPrice: number }[]
  formSubmissions: { submissionData: { field: string; value: string }[] }[]
}

const ADMIN_IP = '203.0.113.9'

describe('personal data: export and erasure', () => {
  let admin: Actor
  let eventId: string
  let formId: string

  /** What the app's own hook was asked to erase (privacy.onErase). */
  const onErase: { email: string; id: string }[] = []

  const app = useTestApp(() => ({
    plugin: {
      privacy: { onErase: ({ email, id }) => void onErase.push({ email, id: String(id) }) },
    },
  }))

  beforeEach(async () => {
    await app.reset()
    onErase.length = 0
    ;({ admin } = await createActors(app))
    eventId = String((await createEvent(app, { price: 18 })).id)
    formId = String((await createContactForm(app)).id)
  })

  const from = (ip: string, token?: string) => ({
    headers: { 'user-agent': `Browser of ${ip}`, 'x-forwarded-for': ip },
    ...(token ? { token } : {}),
  })

  /**
   * Everything a person leaves behind: registration, sign-in, a profile edit, a booking, a failed
   * sign-in and a contact form submission, all from their own address; then an admin edits them.
   */
  const createPerson = async (name: string, email: string, phone: string, ip: string) => {
    const password = `pw-${ip}-secret`
    const registered = await app.rest.post(`/${slugs.users}`, { email, name, password }, from(ip))
    expect(registered.status).toBe(201)
    const login = await json<{ token: string; user: { id: string } }>(
      await app.rest.post(`/${slugs.users}/login`, { email, password }, from(ip)),
    )
    const person: Person = {
      email,
      id: login.user.id,
      ip,
      name,
      password,
      phone,
      token: login.token,
    }
    expect(
      (await app.rest.patch(`/${slugs.users}/${person.id}`, { phone }, from(ip, person.token)))
        .status,
    ).toBe(200)
    // Tickets named after the person and a guest: the names are theirs to export and erase.
    const booked = await app.rest.post(
      `/${slugs.bookings}`,
      { event: eventId, lines: [{ attendees: [name, `Guest of ${name}`], quantity: 2 }] },
      from(ip, person.token),
    )
    expect(booked.status).toBe(201)
    await app.rest.post(`/${slugs.users}/login`, { email, password: 'wrong' }, from(ip))
    const submitted = await app.rest.post(
      `/${slugs.formSubmissions}`,
      {
        form: formId,
        submissionData: [
          { field: 'name', value: name },
          { field: 'email', value: email },
          { field: 'message', value: `Call me on ${phone}` },
        ],
      },
      from(ip),
    )
    expect(submitted.status).toBe(201)
    expect(
      (
        await app.rest.patch(
          `/${slugs.users}/${person.id}`,
          { name: `${name} (checked)` },
          from(ADMIN_IP, admin.token),
        )
      ).status,
    ).toBe(200)
    return person
  }

  const ana = () =>
    createPerson('Ana Lindqvist', 'ana.l@example.com', '+49 170 5550123', '198.51.100.42')
  const bruno = () =>
    createPerson('Bruno Brandt', 'bruno.b@example.com', '+49 151 7770456', '192.0.2.77')

  const exportOf = async (path: string, token: string) => {
    const response = await app.rest.get(`/${slugs.users}/${path}/export`, { token })
    return { response, text: await response.text() }
  }

  it('should export exactly the signed-in person’s data, and no one else’s', async () => {
    const a = await ana()
    const b = await bruno()
    const { response, text } = await exportOf('me', a.token)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="personal-data-/,
    )
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    const data = JSON.parse(text) as Export
    expect(data.account).toMatchObject({ email: a.email, phone: a.phone })
    expect(Object.keys(data.account)).not.toEqual(expect.arrayContaining(['hash']))
    expect(Object.keys(data.account)).not.toEqual(expect.arrayContaining(['salt']))
    expect(data.bookings).toHaveLength(1)
    expect(data.bookings[0]).toMatchObject({ contactSnapshot: { email: a.email }, totalPrice: 36 })
    expect(data.formSubmissions).toHaveLength(1)
    // A booking's tickets have no order among themselves.
    expect(data.tickets.map(({ attendeeName }) => attendeeName).sort()).toEqual(
      [a.name, `Guest of ${a.name}`].sort(),
    )
    const actions = data.auditLog.rows.map(({ action }) => action)
    expect(actions).toEqual(expect.arrayContaining(['create', 'login', 'update', 'login_failed']))
    expect(data.auditLog.rows.filter(({ ip }) => ip === a.ip).length).toBeGreaterThan(3)
    for (const other of [b.email, b.name, b.phone, b.ip, ADMIN_IP, 'admin@example.com']) {
      expect(text, other).not.toContain(other)
    }
    // An admin exports anyone; a customer only themselves.
    expect((await exportOf(a.id, admin.token)).response.status).toBe(200)
    const refused = await app.rest.get(`/${slugs.users}/${a.id}/export`, { token: b.token })
    expect(refused.status).toBe(403)
    expect((await app.rest.get(`/${slugs.users}/me/export`)).status).toBe(401)
    expect(
      (await app.rest.get(`/${slugs.users}/not-an-id/export`, { token: admin.token })).status,
    ).toBe(400)
  })

  it('should audit exports and refuse more than five an hour with a 429 and Retry-After', async () => {
    const a = await ana()
    for (let i = 0; i < 5; i += 1) expect((await exportOf('me', a.token)).response.status).toBe(200)
    const { response, text } = await exportOf('me', a.token)
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect(text).toMatch(/You exported your data 5 times/)
    const { rows } = await app.sql.query(
      `SELECT changes FROM audit_logs WHERE action = 'export' AND document_id = $1`,
      [a.id],
    )
    expect(rows).toHaveLength(5)
    expect(JSON.stringify(rows[0])).not.toContain(a.email)
  })

  it("should count an admin's exports of a person apart from the person's own", async () => {
    const a = await ana()
    for (let i = 0; i < 5; i += 1) expect((await exportOf('me', a.token)).response.status).toBe(200)

    const byAdmin = []
    for (let i = 0; i < 6; i += 1) byAdmin.push(await exportOf(a.id, admin.token))

    expect(byAdmin.map(({ response }) => response.status)).toEqual([200, 200, 200, 200, 200, 429])
    expect(byAdmin[5]?.text).toMatch(/Admins exported this account's data 5 times/)
  })

  it('should export and erase a failed sign-in however the email was typed', async () => {
    const a = await ana()
    const typed = `  ${a.email.toUpperCase()} `
    const failed = await app.rest.post(
      `/${slugs.users}/login`,
      { email: typed, password: 'wrong' },
      from('192.0.2.123'),
    )
    expect(failed.status).toBe(401)

    const exported = JSON.parse((await exportOf('me', a.token)).text) as Export & {
      auditLog: { rows: { action: string; ip?: string }[] }
    }
    const erased = await app.rest.post(
      `/${slugs.users}/me/erase`,
      { password: a.password },
      from(a.ip, a.token),
    )

    expect(
      exported.auditLog.rows.filter(
        ({ action, ip }) => action === 'login_failed' && ip === '192.0.2.123',
      ),
    ).toHaveLength(1)
    expect(erased.status).toBe(200)
    for (const trace of [a.email, '192.0.2.123']) {
      expect(await searchDatabase(app.sql, trace), trace).toEqual([])
    }
  })

  it('should export and erase what the person did under every address the account had', async () => {
    const a = await ana()
    const newAddress = 'ana.lindqvist@example.org'
    const changed = await app.rest.patch(
      `/${slugs.users}/${a.id}`,
      { email: newAddress },
      from(a.ip, a.token),
    )
    expect(changed.status).toBe(200)
    // Under the new address too: a form submission.
    await app.rest.post(`/${slugs.formSubmissions}`, {
      form: formId,
      submissionData: [
        { field: 'name', value: 'A. L.' },
        { field: 'email', value: newAddress },
        { field: 'message', value: 'Moved' },
      ],
    })

    const exported = JSON.parse((await exportOf('me', a.token)).text) as Export
    const erased = await app.rest.post(
      `/${slugs.users}/me/erase`,
      { password: a.password },
      from(a.ip, a.token),
    )

    expect(exported.formSubmissions).toHaveLength(2)
    expect(exported.auditLog.rows.map(({ action }) => action)).toContain('login_failed')
    expect(erased.status).toBe(200)
    expect(await json(erased)).toMatchObject({ erased: { formSubmissions: 2 } })
    for (const trace of [a.email, newAddress, a.ip]) {
      expect(await searchDatabase(app.sql, trace), trace).toEqual([])
    }
  })

  it('should erase a person on their own request: nothing of them left anywhere, the books intact', async () => {
    const a = await ana()
    const b = await bruno()
    const financial = `SELECT id, event_id, user_id, seats, status, unit_price, total_price, currency,
      created_at, idempotency_key FROM bookings ORDER BY id`
    const booksBefore = (await app.sql.query(financial)).rows
    // A job that names the person in its input (an app's own task, say a confirmation mail).
    await app.sql.query(
      `INSERT INTO payload_jobs (input, task_slug, queue, created_at, updated_at)
       VALUES ($1, 'expireBookingHolds', 'mail', now(), now())`,
      [JSON.stringify({ to: a.email.toUpperCase(), subject: 'Your booking' })],
    )

    const erase = (body: unknown) =>
      app.rest.post(`/${slugs.users}/me/erase`, body, from(a.ip, a.token))
    const noPassword = await erase({})
    expect(noPassword.status).toBe(400)
    expect(await firstErrorMessage(noPassword)).toMatch(/password/)
    const wrong = await erase({ password: 'not it' })
    expect(wrong.status).toBe(401)
    expect(await firstErrorMessage(wrong)).toBe('The password is not correct.')
    const erased = await erase({ password: a.password })
    expect(erased.status).toBe(200)
    expect(erased.headers.get('set-cookie')).toMatch(/payload-token=;/)
    expect(await json(erased)).toMatchObject({
      erased: { bookings: 1, formSubmissions: 1, sessions: expect.any(Number), ticketNames: 2 },
    })

    expect(onErase).toEqual([{ email: a.email, id: a.id }])

    // Searched like a dump: every table, every row as text.
    for (const trace of [a.email, 'Lindqvist', '5550123', a.ip, `Browser of ${a.ip}`]) {
      expect(await searchDatabase(app.sql, trace), trace).toEqual([])
    }
    // The search finds what is there: the other person is untouched.
    for (const trace of [b.email, 'Brandt', '7770456', b.ip]) {
      expect((await searchDatabase(app.sql, trace)).length, trace).toBeGreaterThan(0)
    }
    expect((await app.sql.query(financial)).rows).toEqual(booksBefore)

    // The account can never sign in again; its old token is worthless.
    const login = await app.rest.post(`/${slugs.users}/login`, {
      email: a.email,
      password: a.password,
    })
    expect(login.status).toBe(401)
    const me = await json<{ user: unknown }>(
      await app.rest.get(`/${slugs.users}/me`, { token: a.token }),
    )
    expect(me.user).toBeNull()
    const account = await app.sql.query(
      'SELECT email, name, phone, hash FROM users WHERE id = $1',
      [a.id],
    )
    expect(account.rows[0]).toEqual({
      email: erasedEmail(a.id),
      hash: null,
      name: null,
      phone: null,
    })

    // The chain verifies, and says what was erased.
    const report = await verifyAuditChain(app.sql)
    expect(report).toMatchObject({ ok: true })
    if (!report.ok) return
    expect(report.erased.actor).toBeGreaterThan(3)
    expect(report.erased.personal).toBeGreaterThan(2)
    const { rows } = await app.sql.query(
      `SELECT user_id, changes, ip FROM audit_logs WHERE action = 'erase' AND document_id = $1`,
      [a.id],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ ip: null, user_id: null })
    expect(rows[0]?.changes).not.toHaveProperty('$actor')

    // Admins see which parts are gone.
    const log = await json<{ docs: { action: string; erased?: string[]; ip?: string }[] }>(
      await app.rest.get(
        `/${slugs.auditLogs}?where[documentId][equals]=${a.id}&where[action][equals]=login&limit=5`,
        { token: admin.token },
      ),
    )
    expect(log.docs[0]).toMatchObject({ action: 'login', erased: ['actor'], ip: null })
  })

  it('should let only admins erase someone else, confirmed with the email, once', async () => {
    const b = await bruno()
    const { otherUser } = { otherUser: await ana() }
    const path = `/${slugs.users}/${b.id}/erase`
    expect(
      (await app.rest.post(path, { confirm: b.email }, { token: otherUser.token })).status,
    ).toBe(403)
    const unconfirmed = await app.rest.post(
      path,
      { confirm: 'someone@else' },
      { token: admin.token },
    )
    expect(unconfirmed.status).toBe(400)
    expect(await firstErrorMessage(unconfirmed)).toMatch(/confirm/)
    const done = await app.rest.post(
      path,
      { confirm: b.email.toUpperCase() },
      { token: admin.token },
    )
    expect(done.status).toBe(200)
    const again = await app.rest.post(path, { confirm: erasedEmail(b.id) }, { token: admin.token })
    expect(again.status).toBe(409)
    const { rows } = await app.sql.query(
      `SELECT user_id::text AS user_id FROM audit_logs WHERE action = 'erase' AND document_id = $1`,
      [b.id],
    )
    expect(rows).toEqual([{ user_id: admin.id }])
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })

    // The last admin cannot erase themselves (nobody could run the site).
    const { rows: admins } = await app.sql.query(`SELECT id FROM users WHERE role = 'admin'`)
    expect(admins).toHaveLength(1)
    const self = await app.rest.post(
      `/${slugs.users}/me/erase`,
      { password: 'correct-horse-battery' },
      { token: admin.token },
    )
    expect(self.status).toBe(409)
    expect(await firstErrorMessage(self)).toMatch(/only admin/)
  })

  it('should throttle password guesses through the erasure form like sign-ins, and refuse bad bodies', async () => {
    const a = await ana()
    const erase = (body: string) =>
      app.rest.raw('POST', `/${slugs.users}/me/erase`, body, from(a.ip, a.token))
    for (const body of [
      '{',
      '[]',
      '"x"',
      '{"password": 5}',
      `{"password": "${'p'.repeat(2000)}"}`,
    ]) {
      expect([400, 413], body.slice(0, 20)).toContain((await erase(body)).status)
    }
    const statuses: number[] = []
    for (let i = 0; i < 12 && !statuses.includes(429); i += 1) {
      statuses.push((await erase(JSON.stringify({ password: `guess-${i}` }))).status)
    }
    expect(statuses.at(-1)).toBe(429)
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]))
    // Still there, and still able to sign in from elsewhere.
    const login = await app.rest.post(
      `/${slugs.users}/login`,
      { email: a.email, password: a.password },
      from('192.0.2.200'),
    )
    expect(login.status).toBe(200)
  })

  it('should tell an erasure from tampering', async () => {
    const a = await ana()
    const personalRow = async () =>
      (
        await app.sql.query<{ seq: string }>(
          `SELECT seq FROM audit_logs WHERE changes ? '$personal' AND document_id = $1 ORDER BY seq LIMIT 1`,
          [a.id],
        )
      ).rows[0]?.seq
    const seq = await personalRow()
    const client = await app.sql.connect()
    try {
      await client.query('BEGIN')
      await client.query(`SELECT set_config('audit.erase', 'on', true)`)
      // What the hash covers stays locked, also in erase mode.
      await expect(
        client.query(`UPDATE audit_logs SET changes = changes || '{"x": 1}' WHERE seq = $1`, [seq]),
      ).rejects.toThrow(/append-only/)
      await client.query('ROLLBACK')
      await client.query('BEGIN')
      await client.query(`SELECT set_config('audit.erase', 'on', true)`)
      await expect(
        client.query(
          `UPDATE audit_logs SET changes = jsonb_set(changes, '{$personal,fields,phone}', '"forged"') WHERE seq = $1`,
          [seq],
        ),
      ).rejects.toThrow(/append-only/)
      await client.query('ROLLBACK')
      // The ip column copies $actor: it can be emptied only with the part, never changed.
      const actorRow = (
        await client.query<{ seq: string }>(
          `SELECT seq FROM audit_logs WHERE ip = $1 AND changes ? '$actor' ORDER BY seq LIMIT 1`,
          [a.ip],
        )
      ).rows[0]?.seq
      for (const change of [`ip = '192.0.2.250'`, 'ip = NULL', 'user_agent = NULL']) {
        await client.query('BEGIN')
        await client.query(`SELECT set_config('audit.erase', 'on', true)`)
        await expect(
          client.query(`UPDATE audit_logs SET ${change} WHERE seq = $1`, [actorRow]),
          change,
        ).rejects.toThrow(/append-only/)
        await client.query('ROLLBACK')
      }
      // Removing a part is possible in erase mode, but without an erasure on record it shows.
      await client.query(`SELECT set_config('audit.erase', 'on', false)`)
      await client.query(`UPDATE audit_logs SET changes = changes - '$personal' WHERE seq = $1`, [
        seq,
      ])
    } finally {
      client.release()
    }
    expect(await verifyAuditChain(app.sql)).toMatchObject({
      ok: false,
      problem: 'its personal data was removed without an erasure recorded after it',
      seq,
    })
  })

  it('should report an ip column that no longer matches its row’s $actor part', async () => {
    const a = await ana()
    const { rows } = await app.sql.query<{ seq: string }>(
      `SELECT seq FROM audit_logs WHERE ip = $1 ORDER BY seq LIMIT 1`,
      [a.ip],
    )
    const seq = rows[0]?.seq
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
    // What a database owner with the trigger off could do; the hash does not cover the column.
    await app.sql.query(`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`)
    await app.sql.query(`UPDATE audit_logs SET ip = '192.0.2.250' WHERE seq = $1`, [seq])
    await app.sql.query(`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`)

    expect(await verifyAuditChain(app.sql)).toMatchObject({
      ok: false,
      problem: 'its ip or user agent column does not match its $actor part (it was edited)',
      seq,
    })

    // A row without an actor (a Local API write) must keep the columns empty.
    await app.sql.query(`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`)
    await app.sql.query(`UPDATE audit_logs SET ip = $1 WHERE seq = $2`, [a.ip, seq])
    const { rows: quiet } = await app.sql.query<{ seq: string }>(
      `SELECT seq FROM audit_logs WHERE NOT changes ? '$actor' ORDER BY seq LIMIT 1`,
    )
    await app.sql.query(`UPDATE audit_logs SET user_agent = 'forged' WHERE seq = $1`, [
      quiet[0]?.seq,
    ])
    await app.sql.query(`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`)
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: false, seq: quiet[0]?.seq })
  })
})
