import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, initTransaction, killTransaction, type TaskConfig } from 'payload'

import { AUDIT_ORIGIN } from '../../src/audit/requestInfo'
import { writeAuditLog } from '../../src/audit/writeAuditLog'
import { AUDIT_CHAIN_LOCK } from '../../src/db/auditLogSql'
import { slugs } from '../../src/slugs'
import { transactionDb } from '../../src/utilities/transactionDb'

export const MAINTAIN_AUDIT_PARTITIONS_TASK = 'maintainAuditPartitions'

export type AuditRetention = {
  /** Months of partitions to keep ready beyond the current one. */
  monthsAhead: number
  /** Whole months kept before the current one; older partitions are dropped. Unset: keep all. */
  retentionMonths?: number
}

type Partition = {
  name: string
  rows: string
  first_seq: null | string
  last_seq: null | string
  last_hash: null | string
}

/**
 * Creates the next months' audit partitions and, with a retention setting, drops whole partitions
 * that are older. Each drop is itself an audit row (`delete` of `audit-logs`, origin `job`) that
 * names the partition and the hash of its last row, where `audit:verify` picks up the chain.
 * Runs under the chain lock in one transaction; idempotent, so a second run changes nothing.
 */
export const maintainAuditPartitionsTask = ({
  monthsAhead,
  retentionMonths,
}: AuditRetention): TaskConfig<{
  input: object
  output: { created: number; dropped: string[] }
}> => ({
  slug: MAINTAIN_AUDIT_PARTITIONS_TASK,
  handler: async ({ req }) => {
    const startedHere = await initTransaction(req)
    try {
      const db = await transactionDb(req)
      await db.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
      const before = await db.execute<{ count: string }>(
        sql`SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass`,
      )
      await db.execute(sql`
        SELECT audit_logs_ensure_partition(now() + make_interval(months => n))
        FROM generate_series(0, ${monthsAhead}::int) AS n`)
      const after = await db.execute<{ count: string }>(
        sql`SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass`,
      )

      const dropped: string[] = []
      if (retentionMonths !== undefined) {
        // Partitions whose whole month lies before the first kept month (UTC).
        const { rows: expired } = await db.execute<{ name: string }>(sql`
          SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_logs'::regclass AND c.relname ~ '^audit_logs_p[0-9]{6}$'
            AND to_date(substring(c.relname from 13), 'YYYYMM')
                < (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => ${retentionMonths}::int))::date
          ORDER BY c.relname`)
        req.context[AUDIT_ORIGIN] = 'job'
        for (const { name } of expired) {
          const table = sql.identifier(name)
          const { rows } = await db.execute<Partition>(sql`
            SELECT ${name} AS name, count(*) AS rows, min(seq)::text AS first_seq, max(seq)::text AS last_seq,
                   (SELECT hash FROM ${table} ORDER BY seq DESC LIMIT 1) AS last_hash
            FROM ${table}`)
          const stats = rows[0]
          await db.execute(sql`DROP TABLE ${table}`)
          await writeAuditLog(req, {
            action: 'delete',
            changes: {
              partition: {
                from: {
                  firstSeq: stats?.first_seq ?? null,
                  lastHash: stats?.last_hash ?? null,
                  lastSeq: stats?.last_seq ?? null,
                  name,
                  rows: Number(stats?.rows ?? 0),
                },
                to: null,
              },
            },
            collection: slugs.auditLogs,
            documentId: name,
            userId: null,
          })
          dropped.push(name)
        }
      }
      if (startedHere) await commitTransaction(req)
      return {
        output: { created: Number(after.rows[0]?.count) - Number(before.rows[0]?.count), dropped },
      }
    } catch (error) {
      if (startedHere) await killTransaction(req)
      throw error
    }
  },
  outputSchema: [
    { name: 'created', type: 'number', required: true },
    { name: 'dropped', type: 'json', required: true },
  ],
  retries: 2,
})
