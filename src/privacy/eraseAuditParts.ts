import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

type SQL = ReturnType<typeof sql>

import { ERASED_PARTS, type PartName } from '../audit/personalParts'
import { type AuditEntry, writeAuditLog } from '../audit/writeAuditLog'
import { settingsOf } from '../settings'
import { tableName } from '../db/tableNames'
import { pgArray } from '../utilities/sqlValues'
import { transactionDb } from '../utilities/transactionDb'

export type ErasedParts = { actor: number; personal: number }

const partColumn: Record<PartName, string> = { actor: '$actor', personal: '$personal' }

/**
 * Removes personal parts from audit rows (see src/audit/personalParts.ts) inside the request's
 * open transaction: the rows matching `where.actor` lose their ip and user agent, those matching
 * `where.personal` their personal fields. First `record` is appended to the chain with the counts
 * (`$erasedParts`), then every removed part is marked with that row's seq, so `audit:verify`
 * can tell the removal from tampering. Nothing is written when nothing matches and `always` is off.
 * `limit`: at most that many rows per part (the oldest), for work in bounded batches.
 */
export const eraseAuditParts = async (
  req: PayloadRequest,
  where: Partial<Record<PartName, SQL>>,
  record: Omit<AuditEntry, 'changes'> & { always?: boolean; changes: Record<string, unknown> },
  { limit }: { limit?: number } = {},
): Promise<ErasedParts> => {
  const db = await transactionDb(req)
  const table = sql.identifier(tableName(req.payload, settingsOf(req.payload).slugs.auditLogs))
  const seqs: Record<PartName, string[]> = { actor: [], personal: [] }
  for (const part of ['actor', 'personal'] as const) {
    const condition = where[part]
    if (!condition) continue
    const { rows } = await db.execute<{ seq: string }>(sql`
      SELECT seq::text AS seq FROM ${table}
       WHERE changes ? ${partColumn[part]} AND (${condition})
       ${limit ? sql`ORDER BY ${table}.seq LIMIT ${limit}` : sql``} FOR UPDATE`)
    seqs[part] = rows.map(({ seq }) => seq)
  }
  const counts: ErasedParts = { actor: seqs.actor.length, personal: seqs.personal.length }
  if (counts.actor + counts.personal === 0 && !record.always) return counts
  const { always: _always, ...entry } = record
  await writeAuditLog(req, {
    ...entry,
    changes: { ...record.changes, [ERASED_PARTS]: counts },
    impersonal: true,
  })
  // The chain lock is ours until commit: the newest row is the one just written.
  const { rows } = await db.execute<{ seq: string }>(
    sql`SELECT max(seq)::text AS seq FROM ${table}`,
  )
  const by = rows[0]?.seq
  await db.execute(sql`SELECT set_config('audit.erase', 'on', true)`)
  for (const part of ['actor', 'personal'] as const) {
    if (seqs[part].length === 0) continue
    // The ip and user agent columns are copies of the actor part: they go with it.
    const columns = part === 'actor' ? sql`ip = NULL, user_agent = NULL,` : sql``
    await db.execute(sql`
      UPDATE ${table}
         SET ${columns} changes = (changes - ${partColumn[part]})
             || jsonb_build_object('$erased',
                  coalesce(changes->'$erased', '{}'::jsonb) || jsonb_build_object(${part}::text, ${by}::text))
       WHERE seq = ANY(${pgArray(seqs[part])}::bigint[])`)
  }
  await db.execute(sql`SELECT set_config('audit.erase', 'off', true)`)
  return counts
}
