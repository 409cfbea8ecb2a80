import { beforeEach, describe, expect, it } from 'vitest'

import { verifyAuditChain } from 'payload-events-cms/audit'
import { auditContent } from '../src/audit/writeAuditLog'
import { MAINTAIN_AUDIT_PARTITIONS_TASK } from '../collections/AuditLogs/maintainAuditPartitionsTask'
import { createVenue } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

const monthName = (date: Date) =>
  `audit_logs_p${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`

const addMonths = (date: Date, months: number) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 15))

describe('audit log partitions', () => {
  const app = useTestApp(() => ({ plugin: { audit: { monthsAhead: 2, retentionMonths: 6 } } }))

  beforeEach(async () => {
    await app.reset()
    // Partitions of earlier tests' months go too (reset empties them but keeps them).
    const { rows } = await app.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit_logs'::regclass AND c.relname < $1`,
      [monthName(addMonths(new Date(), -1))],
    )
    for (const { name } of rows) await app.sql.query(`DROP TABLE "${name}"`)
  })

  const partitions = async () =>
    (
      await app.sql.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'audit_logs'::regclass ORDER BY 1`,
      )
    ).rows.map(({ name }) => name)

  /** Appends a row dated `createdAt` the way writeAuditLog does, so the chain verifies. */
  const appendAt = async (createdAt: Date, documentId: string) => {
    const row = {
      action: 'create',
      changes: { name: { from: null, to: documentId } },
      collection: 'tags',
      createdAt: createdAt.toISOString(),
      documentId,
      ip: null,
      origin: 'local',
      userAgent: null,
      userId: null,
    }
    await app.sql.query(
      `SELECT audit_logs_append('create', 'tags', $1, NULL, NULL, NULL, 'local', $2::jsonb, $3::timestamptz, $4)`,
      [documentId, JSON.stringify(row.changes), row.createdAt, auditContent(row)],
    )
  }

  const runMaintenance = async () => {
    await app.payload.jobs.queue({ input: {}, task: MAINTAIN_AUDIT_PARTITIONS_TASK })
    await app.payload.jobs.run({ queue: 'default' })
  }

  it('should keep the audit log in monthly range partitions, with the months ahead ready', async () => {
    const { rows } = await app.sql.query<{ relkind: string }>(
      `SELECT relkind FROM pg_class WHERE relname = 'audit_logs'`,
    )
    expect(rows[0]?.relkind).toBe('p')

    await runMaintenance()
    const now = new Date()
    expect(await partitions()).toEqual(
      expect.arrayContaining([0, 1, 2].map((n) => monthName(addMonths(now, n)))),
    )

    await createVenue(app)
    const { rows: placed } = await app.sql.query<{ partition: string }>(
      `SELECT tableoid::regclass::text AS partition FROM audit_logs`,
    )
    expect(placed.map(({ partition }) => partition)).toEqual([monthName(now)])
  })

  it('should create a missing month when a row needs it, and guard every partition', async () => {
    const far = new Date(Date.UTC(2031, 4, 2))
    await appendAt(far, 'far-future')
    expect(await partitions()).toContain('audit_logs_p203105')

    await expect(app.sql.query(`DELETE FROM audit_logs_p203105`)).rejects.toThrow(/append-only/)
    await expect(app.sql.query(`TRUNCATE audit_logs_p203105`)).rejects.toThrow(/append-only/)
    await expect(app.sql.query(`UPDATE audit_logs SET ip = '1.2.3.4'`)).rejects.toThrow(
      /append-only/,
    )
    await app.sql.query(`DROP TABLE audit_logs_p203105`)
  })

  it('should drop partitions past the retention, log each drop, and still verify the chain', async () => {
    const old = addMonths(new Date(), -9)
    await appendAt(old, 'old-1')
    await appendAt(old, 'old-2')
    await createVenue(app)
    expect(await partitions()).toContain(monthName(old))

    await runMaintenance()

    expect(await partitions()).not.toContain(monthName(old))
    const { rows } = await app.sql.query<{
      changes: { partition: { from: { rows: number } } }
      origin: string
    }>(
      `SELECT changes, origin FROM audit_logs WHERE action = 'delete' AND collection = 'audit-logs'`,
    )
    expect(rows).toEqual([
      expect.objectContaining({
        changes: {
          partition: expect.objectContaining({
            from: expect.objectContaining({ name: monthName(old), rows: 2 }),
            to: null,
          }),
        },
        origin: 'job',
      }),
    ])
    const report = await verifyAuditChain(app.sql)
    expect(report).toMatchObject({ ok: true, startsAfter: monthName(old) })

    // Idempotent: a second run drops nothing more.
    await runMaintenance()
    const { rows: drops } = await app.sql.query(
      `SELECT 1 FROM audit_logs WHERE action = 'delete' AND collection = 'audit-logs'`,
    )
    expect(drops).toHaveLength(1)
  })

  it('should report a chain whose oldest rows vanished without a logged drop', async () => {
    const old = addMonths(new Date(), -2)
    await appendAt(old, 'gone')
    await createVenue(app)
    await app.sql.query(`DROP TABLE "${monthName(old)}"`)

    const report = await verifyAuditChain(app.sql)
    expect(report).toMatchObject({ ok: false })
  })
})
