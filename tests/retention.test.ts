import { sql } from '@payloadcms/db-postgres'
import { createLocalReq } from 'payload'
import { beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { verifyAuditChain } from 'payload-events-cms/audit'
import { forgettableAuditUp } from 'payload-events-cms/migrations'
import { sealChanges } from '../src/audit/personalParts'
import { auditContent } from '../src/audit/writeAuditLog'
import { APPLY_RETENTION_TASK, applyRetention } from '../src/privacy/applyRetentionTask'
import { postgresAdapterOf } from '../src/utilities/transactionDb'
import {
  createActors,
  createContactForm,
  createEvent,
  DAY,
  json,
  type Actor,
} from './helpers/fixtures'
import { searchDatabase } from './helpers/searchDatabase'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

type Row = Parameters<typeof auditContent>[0]

describe('retention and resealing', () => {
  let admin: Actor

  const app = useTestApp()

  beforeEach(async () => {
    await app.reset()
    ;({ admin } = await createActors(app))
  })

  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString()

  /** Appends an audit row dated `createdAt`, content as given (sealed or in the old format). */
  const append = async (row: Row) => {
    await app.sql.query(
      `SELECT audit_logs_append($1, $2, $3, $4::uuid, $5, $6, $7, $8::jsonb, $9::timestamptz, $10)`,
      [
        row.action,
        row.collection,
        row.documentId,
        row.userId,
        row.ip,
        row.userAgent,
        row.origin,
        JSON.stringify(row.changes),
        row.createdAt,
        auditContent(row),
      ],
    )
  }

  const failedLogin = (email: string, ip: string, createdAt: string): Row => ({
    action: 'login_failed',
    changes: sealChanges({ email, status: 401 }, { ip, userAgent: 'curl/8' }, '*'),
    collection: slugs.users,
    createdAt,
    documentId: null,
    ip: null,
    origin: 'rest',
    userAgent: null,
    userId: null,
  })

  /** What the daily task runs, with its counts. */
  const runRetention = async (options?: { auditBatch?: number }) =>
    applyRetention(await createLocalReq({}, app.payload), options)

  it('should forget what is past its period, keep the records, and change nothing on a second run', async () => {
    // Events: one ended three years ago (archived), one last week (stays public).
    const old = await createEvent(app, { price: 40 })
    const recent = await createEvent(app, { price: 20 })
    const customer = await createUserAndLogin(app, {
      email: 'carla@example.com',
      name: 'Carla Kunde',
    })
    // Each ticket is named: the name of the old event's goes, the recent one's stays a while.
    const book = async (event: string | number) =>
      json<{ doc: { id: string } }>(
        await app.rest.post(
          `/${slugs.bookings}`,
          { event, lines: [{ attendees: [`Guest of ${event}`], quantity: 1 }] },
          { token: customer.token },
        ),
      )
    const cancelled = (await book(old.id)).doc.id
    const kept = (await book(recent.id)).doc.id
    await app.payload.update({
      collection: slugs.bookings,
      data: { status: 'cancelled' },
      id: cancelled,
    })
    await app.sql.query(`UPDATE bookings SET updated_at = $2 WHERE id = $1`, [cancelled, ago(45)])
    await app.sql.query(
      `UPDATE events SET start_date = $2, end_date = $2::timestamptz + interval '2 hours' WHERE id = $1`,
      [old.id, ago(3 * 365)],
    )
    await app.sql.query(
      `UPDATE events SET start_date = $2, end_date = $2::timestamptz + interval '2 hours' WHERE id = $1`,
      [recent.id, ago(7)],
    )

    // Form submissions: one from last year (deleted), one from today.
    const form = await createContactForm(app)
    const submit = (email: string) =>
      app.rest.post(`/${slugs.formSubmissions}`, {
        form: form.id,
        submissionData: [
          { field: 'name', value: 'Sam Sender' },
          { field: 'email', value: email },
          { field: 'message', value: 'Hello' },
        ],
      })
    const oldSubmission = await json<{ doc: { id: string } }>(
      await submit('old-sender@example.com'),
    )
    await submit('new-sender@example.com')
    await app.sql.query(`UPDATE form_submissions SET created_at = $2 WHERE id = $1`, [
      oldSubmission.doc.id,
      ago(400),
    ])

    // An account with bookings is a record, however old.
    await app.sql.query(`UPDATE users SET created_at = $1 WHERE id = $2`, [
      ago(4 * 365),
      customer.id,
    ])

    // Failed sign-ins: one 100 days old (its email and address go), one from now (kept).
    await append(failedLogin('old-guess@example.com', '198.51.100.200', ago(100)))
    await append(failedLogin('new-guess@example.com', '198.51.100.201', ago(1)))

    // The mail log: a mail of 100 days ago forgets to whom and what (its row stays: sent once).
    await app.sql.query(
      `INSERT INTO mails (kind, status, attempts, "to", subject, html, text, created_at, updated_at)
       VALUES ('other', 'sent', 1, 'old-mail@example.com', 'For old-mail@example.com',
               '<p>old-mail@example.com</p>', 'old-mail@example.com', $1, $1)`,
      [ago(100)],
    )

    const financial = `SELECT id, seats, status, unit_price, total_price, currency FROM bookings ORDER BY id`
    const booksBefore = (await app.sql.query(financial)).rows

    // The first run as the daily job does it: queued, then run by the jobs queue.
    await app.payload.jobs.queue({ input: {}, task: APPLY_RETENTION_TASK })
    await app.payload.jobs.run({ queue: 'default' })

    expect((await app.sql.query(financial)).rows).toEqual(booksBefore)
    const contacts = await app.sql.query(
      `SELECT id, contact_snapshot_email AS email FROM bookings WHERE id = ANY($1::uuid[]) ORDER BY id = $2`,
      [[cancelled, kept], kept],
    )
    expect(contacts.rows).toEqual([
      { email: null, id: cancelled },
      { email: 'carla@example.com', id: kept },
    ])
    const statuses = await app.sql.query(`SELECT id, status FROM events ORDER BY status::text`)
    expect(statuses.rows).toEqual([
      { id: old.id, status: 'completed' },
      { id: recent.id, status: 'published' },
    ])
    const listed = await json<{ docs: { id: string }[] }>(await app.rest.get(`/${slugs.events}`))
    expect(listed.docs.map(({ id }) => id)).toEqual([recent.id])

    const names = await app.sql.query(
      `SELECT event_id AS event, attendee_name AS name FROM tickets ORDER BY event_id = $1`,
      [recent.id],
    )
    expect(names.rows).toEqual([
      { event: old.id, name: null },
      { event: recent.id, name: `Guest of ${recent.id}` },
    ])
    expect(await searchDatabase(app.sql, 'old-sender@example.com')).toEqual([])
    expect((await searchDatabase(app.sql, 'new-sender@example.com')).length).toBeGreaterThan(0)
    expect(await searchDatabase(app.sql, 'old-guess@example.com')).toEqual([])
    expect(await searchDatabase(app.sql, 'old-mail@example.com')).toEqual([])
    expect(
      (await app.sql.query(`SELECT count(*)::int AS n FROM mails WHERE kind = 'other'`)).rows,
    ).toEqual([{ n: 1 }])
    expect(await searchDatabase(app.sql, '198.51.100.200')).toEqual([])
    expect((await searchDatabase(app.sql, 'new-guess@example.com')).length).toBeGreaterThan(0)

    const accounts = await app.sql.query<{ id: string }>(`SELECT id FROM users`)
    const ids = accounts.rows.map(({ id }) => id)
    expect(ids).toContain(customer.id) // has bookings
    expect(ids).toContain(admin.id)
    const report = await verifyAuditChain(app.sql)
    expect(report).toMatchObject({ ok: true })
    const auditRows = (await app.sql.query(`SELECT count(*)::int AS n FROM audit_logs`)).rows[0]

    // A second run finds nothing left and writes nothing.
    const second = await runRetention()
    expect(second).toEqual({
      accountsErased: 0,
      appointmentNotes: 0,
      attendeeNames: 0,
      auditParts: 0,
      bookingContacts: 0,
      eventsArchived: 0,
      formSubmissions: 0,
      guestRequests: 0,
      mailContents: 0,
    })
    expect((await app.sql.query(`SELECT count(*)::int AS n FROM audit_logs`)).rows[0]).toEqual(
      auditRows,
    )
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
    const expire = await app.sql.query(`SELECT changes FROM audit_logs WHERE action = 'expire'`)
    expect(expire.rows).toHaveLength(1)
    expect(expire.rows[0]?.changes).toMatchObject({
      $erasedParts: { personal: expect.any(Number) },
    })
  })

  it('should erase and delete accounts with no booking and no sign-in within the period', async () => {
    const dormant = await createUserAndLogin(app, {
      email: 'dormant@example.com',
      name: 'Dora Mant',
    })
    const recent = await createUserAndLogin(app, { email: 'recent@example.com' })
    const referenced = await createUserAndLogin(app, { email: 'referenced@example.com' })
    await app.sql.query(`UPDATE users SET created_at = $1 WHERE id = ANY($2::uuid[])`, [
      ago(4 * 365),
      [dormant.id, referenced.id],
    ])
    // Its sign-in is the one createUserAndLogin made now: within the period, so it is kept...
    expect(await runRetention()).toMatchObject({ accountsErased: 0 })
    // ...until the only sign-in it has is older than the period.
    await app.sql.query(
      `SET audit.allow_truncate = on; TRUNCATE audit_logs; RESET audit.allow_truncate`,
    )
    await append({
      ...failedLogin('x', '1.1.1.1', ago(4 * 365)),
      action: 'login',
      changes: null,
      userId: dormant.id,
    })
    // Another dormant account that an app's own table still refers to: kept, the run goes on.
    await app.sql.query(
      `CREATE TABLE app_reviews (author uuid REFERENCES users(id) ON DELETE RESTRICT);
       INSERT INTO app_reviews VALUES ('${referenced.id}')`,
    )
    try {
      expect(await runRetention()).toMatchObject({ accountsErased: 1 })
    } finally {
      await app.sql.query('DROP TABLE app_reviews')
    }
    const { rows } = await app.sql.query(
      `SELECT id FROM users WHERE id = ANY($1::uuid[]) ORDER BY email`,
      [[dormant.id, recent.id, referenced.id]],
    )
    expect(rows).toEqual([{ id: recent.id }, { id: referenced.id }])
    expect(await searchDatabase(app.sql, 'dormant@example.com')).toEqual([])
    expect(await searchDatabase(app.sql, 'Dora Mant')).toEqual([])
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
  })

  it('should work off a backlog of expired audit data in batches, each in its own transaction', async () => {
    for (let i = 0; i < 5; i += 1) {
      await append(failedLogin(`guess-${i}@example.com`, `198.51.100.${10 + i}`, ago(200)))
    }
    expect(await runRetention({ auditBatch: 2 })).toMatchObject({ auditParts: 10 })
    const { rows } = await app.sql.query<{ parts: { actor: number; personal: number } }>(
      `SELECT changes->'$erasedParts' AS parts FROM audit_logs WHERE action = 'expire' ORDER BY seq`,
    )
    expect(rows.map(({ parts }) => parts)).toEqual([
      { actor: 2, personal: 2 },
      { actor: 2, personal: 2 },
      { actor: 1, personal: 1 },
    ])
    expect(await searchDatabase(app.sql, 'guess-4@example.com')).toEqual([])
    const report = await verifyAuditChain(app.sql)
    expect(report).toMatchObject({ erased: { actor: 5, personal: 5 }, ok: true })
    expect(await runRetention({ auditBatch: 2 })).toMatchObject({ auditParts: 0 })
  })

  it('should copy $actor into the ip columns of rows sealed before they held copies', async () => {
    await app.rest.post(
      `/${slugs.tags}`,
      { name: 'Copied' },
      { headers: { 'user-agent': 'curl/8', 'x-forwarded-for': '192.0.2.33' }, token: admin.token },
    )
    // The previous version wrote the columns empty.
    await app.sql.query(`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`)
    await app.sql.query(`UPDATE audit_logs SET ip = NULL, user_agent = NULL`)
    await app.sql.query(`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`)
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })

    await postgresAdapterOf(app.payload).drizzle.transaction(async (tx) => {
      await forgettableAuditUp(tx, app.payload)
    })

    const { rows } = await app.sql.query(
      `SELECT ip, user_agent FROM audit_logs WHERE changes->'$actor'->>'ip' = '192.0.2.33'`,
    )
    expect(rows).toEqual([{ ip: '192.0.2.33', user_agent: 'curl/8' }])
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })

    // A column that differs from its part is evidence: the copy never overwrites it.
    await app.sql.query(`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`)
    await app.sql.query(
      `UPDATE audit_logs SET ip = '192.0.2.99' WHERE changes->'$actor'->>'ip' = '192.0.2.33'`,
    )
    await app.sql.query(`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`)
    await postgresAdapterOf(app.payload).drizzle.transaction(async (tx) => {
      await forgettableAuditUp(tx, app.payload)
    })
    const forged = await app.sql.query(
      `SELECT ip FROM audit_logs WHERE changes->'$actor'->>'ip' = '192.0.2.33'`,
    )
    expect(forged.rows).toEqual([{ ip: '192.0.2.99' }])
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: false })
  })

  it('should reseal rows written before personal parts existed, and refuse a broken chain', async () => {
    const person = await createUserAndLogin(app, { email: 'legacy@example.com' })
    const legacy = (name: string, ip: string): Row => ({
      action: 'update',
      changes: {
        email: { from: null, to: `${name}@example.com` },
        role: { from: 'user', to: 'user' },
      },
      collection: slugs.users,
      createdAt: new Date().toISOString(),
      documentId: person.id,
      ip,
      origin: 'rest',
      userAgent: 'old-browser',
      userId: person.id,
    })
    await append(legacy('first', '192.0.2.10'))
    await append(legacy('second', '192.0.2.11'))
    const reseal = () =>
      postgresAdapterOf(app.payload).drizzle.transaction(async (tx) => {
        await tx.execute(sql.raw('DROP FUNCTION audit_logs_sealed()'))
        await forgettableAuditUp(tx, app.payload)
      })

    // A tampered old row: nothing is resealed over it.
    await app.sql.query(`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`)
    await app.sql.query(`UPDATE audit_logs SET ip = '192.0.2.99' WHERE ip = '192.0.2.10'`)
    await expect(reseal()).rejects.toThrow(/does not hold at seq/)
    await app.sql.query(`UPDATE audit_logs SET ip = '192.0.2.10' WHERE ip = '192.0.2.99'`)
    await app.sql.query(`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`)

    await reseal()
    const { rows } = await app.sql.query(
      `SELECT ip, user_agent, changes FROM audit_logs
       WHERE changes->'$actor'->>'ip' LIKE '192.0.2.1_' ORDER BY seq`,
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      changes: {
        $actor: { ip: '192.0.2.10', userAgent: 'old-browser' },
        $personal: { fields: { email: { from: null, to: 'first@example.com' } } },
        role: { from: 'user', to: 'user' },
      },
      // Searchable copies of the $actor part, outside the hash.
      ip: '192.0.2.10',
      user_agent: 'old-browser',
    })
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
    const record = await app.sql.query(
      `SELECT changes FROM audit_logs WHERE changes ? 'resealed' ORDER BY seq DESC LIMIT 1`,
    )
    expect(record.rows[0]?.changes).toMatchObject({ resealed: { rows: expect.any(Number) } })
    // Once sealed, the old rows can be erased like any other.
    const erased = await app.rest.post(
      `/${slugs.users}/${person.id}/erase`,
      { confirm: 'legacy@example.com' },
      { token: admin.token },
    )
    expect(erased.status).toBe(200)
    for (const trace of ['first@example.com', '192.0.2.10', 'old-browser']) {
      expect(await searchDatabase(app.sql, trace), trace).toEqual([])
    }
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
  })
})
