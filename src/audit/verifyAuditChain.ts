import { createHash } from 'node:crypto'

import { GENESIS_HASH } from './hash'
import { auditContent } from './writeAuditLog'

/** A pg Client or Pool (or anything that runs a parameterized query the same way). */
export type SqlClient = {
  query: <R>(text: string, values?: unknown[]) => Promise<{ rows: R[] }>
}

export type ChainReport =
  | { ok: true; rows: number; startsAfter?: string }
  | { ok: false; problem: string; rows: number; seq: string }

type Row = {
  action: string
  changes: unknown
  collection: string
  created_at: Date
  document_id: null | string
  hash: string
  ip: null | string
  origin: string
  prev_hash: string
  seq: string
  user_agent: null | string
  user_id: null | number | string
}

/**
 * After retention dropped old partitions, the oldest row left links to the last dropped row. The
 * drop itself is an audit row (inside the chain, so tamper-evident) recording that hash: the
 * chain may start there instead of at the genesis hash.
 */
const retentionAnchor = async (client: SqlClient, prevHash: string) => {
  const { rows } = await client.query<{ name: string }>(
    `SELECT document_id AS name FROM audit_logs
     WHERE action = 'delete' AND collection = 'audit-logs'
       AND changes->'partition'->'from'->>'lastHash' = $1
     LIMIT 1`,
    [prevHash],
  )
  return rows[0]?.name
}

/** Walks the audit chain in order and reports the first row whose link or hash does not hold. */
export const verifyAuditChain = async (client: SqlClient, batch = 5000): Promise<ChainReport> => {
  let expectedPrev = GENESIS_HASH
  let lastSeq = '0'
  let rows = 0
  let startsAfter: string | undefined
  for (;;) {
    const { rows: page } = await client.query<Row>(
      `SELECT seq, action, collection, document_id, user_id, ip, user_agent, origin, changes, created_at,
              hash, prev_hash
       FROM audit_logs WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [lastSeq, batch],
    )
    for (const row of page) {
      rows += 1
      if (rows === 1 && row.prev_hash !== GENESIS_HASH) {
        startsAfter = await retentionAnchor(client, row.prev_hash)
        if (startsAfter) expectedPrev = row.prev_hash
      }
      if (row.prev_hash !== expectedPrev) {
        return {
          ok: false,
          problem: 'its prevHash does not match the previous row (a row was removed or inserted)',
          rows,
          seq: row.seq,
        }
      }
      const content = auditContent({
        action: row.action,
        changes: row.changes,
        collection: row.collection,
        createdAt: row.created_at.toISOString(),
        documentId: row.document_id,
        ip: row.ip,
        origin: row.origin,
        userAgent: row.user_agent,
        // Serial ids come back as numbers; the content was hashed with ids as text.
        userId: row.user_id === null ? null : String(row.user_id),
      })
      const hash = createHash('sha256')
        .update(row.prev_hash + content)
        .digest('hex')
      if (hash !== row.hash) {
        return {
          ok: false,
          problem: 'its content does not match its hash (the row was edited)',
          rows,
          seq: row.seq,
        }
      }
      expectedPrev = row.hash
      lastSeq = row.seq
    }
    if (page.length < batch) return { ok: true, rows, ...(startsAfter ? { startsAfter } : {}) }
  }
}
