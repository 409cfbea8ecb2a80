import { createHash } from 'node:crypto'

import { isRecord } from '../utilities/sqlValues'
import { GENESIS_HASH } from './hash'
import {
  ACTOR_DIGEST,
  actorPartOf,
  digestedValue,
  ERASED_MARK,
  ERASED_PARTS,
  partDigest,
  partKeys,
  type PartName,
  partOf,
} from './personalParts'
import { auditContent } from './writeAuditLog'

/** A pg Client or Pool (or anything that runs a parameterized query the same way). */
export type SqlClient = {
  query: <R>(text: string, values?: unknown[]) => Promise<{ rows: R[] }>
}

/** Personal parts removed by erasure or retention, with the row that did it. */
export type ErasedCount = { actor: number; personal: number }

export type ChainReport =
  | { ok: true; erased: ErasedCount; rows: number; startsAfter?: string }
  | { ok: false; problem: string; rows: number; seq: string }

/** An audit row as a query returns it (timestamps as Date or ISO text, serial ids as numbers). */
export type StoredAuditRow = {
  action: string
  changes: unknown
  collection: string
  created_at: Date | string
  document_id: null | string
  hash: string
  ip: null | string
  origin: string
  prev_hash: string
  seq: string
  user_agent: null | string
  user_id: null | number | string
}
type Row = StoredAuditRow

/**
 * The content a stored row's hash covers (`overrides`: the same row with other values). The ip
 * and user agent columns are searchable copies of the `$actor` part, whose digest the hash covers,
 * so they count as null; only rows written before personal parts existed hashed them (legacy).
 */
export const storedRowContent = (
  row: StoredAuditRow,
  overrides: Partial<Pick<Parameters<typeof auditContent>[0], 'changes' | 'ip' | 'userAgent'>> = {},
): string =>
  auditContent({
    action: row.action,
    changes: row.changes,
    collection: row.collection,
    createdAt: new Date(row.created_at).toISOString(),
    documentId: row.document_id,
    ip: null,
    origin: row.origin,
    userAgent: null,
    // Serial ids come back as numbers; the content was hashed with ids as text.
    userId: row.user_id === null ? null : String(row.user_id),
    ...overrides,
  })

/**
 * Whether the row's hash is sha256(prev_hash || content): `sealed` as rows are written now (the
 * ip and user agent columns outside the hash), `legacy` as rows written before personal parts
 * existed (the columns inside it), or false.
 */
export const rowHashHolds = (row: StoredAuditRow): 'legacy' | 'sealed' | false => {
  const holds = (content: string) =>
    createHash('sha256')
      .update(row.prev_hash + content)
      .digest('hex') === row.hash
  if (holds(storedRowContent(row))) return 'sealed'
  const legacy =
    (row.ip !== null || row.user_agent !== null) &&
    !(isRecord(row.changes) && ACTOR_DIGEST in row.changes) &&
    holds(storedRowContent(row, { ip: row.ip, userAgent: row.user_agent }))
  return legacy ? 'legacy' : false
}

/**
 * Outside the hash, a sealed row's ip and user agent columns may only be empty or copies of its
 * `$actor` part; with no part (none, or erased) they must be empty.
 */
const actorColumnsProblem = (row: StoredAuditRow): string | undefined => {
  const actor = actorPartOf(row.changes)
  const copies = (column: null | string, value: null | string | undefined) =>
    column === null || column === (value ?? null)
  return copies(row.ip, actor?.ip) && copies(row.user_agent, actor?.userAgent)
    ? undefined
    : 'its ip or user agent column does not match its $actor part (it was edited)'
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
  const erasure = erasureLedger()
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
      const written = rowHashHolds(row)
      if (!written) {
        return {
          ok: false,
          problem: 'its content does not match its hash (the row was edited)',
          rows,
          seq: row.seq,
        }
      }
      const problem =
        checkParts(row, erasure) ?? (written === 'sealed' ? actorColumnsProblem(row) : undefined)
      if (problem) return { ok: false, problem, rows, seq: row.seq }
      expectedPrev = row.hash
      lastSeq = row.seq
    }
    if (page.length < batch) {
      const unbalanced = erasure.unbalanced(Boolean(startsAfter))
      if (unbalanced) return { ok: false, rows, ...unbalanced }
      return { erased: erasure.total, ok: true, rows, ...(startsAfter ? { startsAfter } : {}) }
    }
  }
}

/**
 * Which `erase`/`expire` rows removed how many personal parts (their own count, inside the chain)
 * and how many removed parts name each of them.
 */
const erasureLedger = () => {
  const declared = new Map<string, ErasedCount>()
  const marked = new Map<string, ErasedCount>()
  const total: ErasedCount = { actor: 0, personal: 0 }
  return {
    declare: (seq: string, counts: unknown) => {
      const count = isRecord(counts) ? counts : {}
      declared.set(seq, { actor: Number(count.actor ?? 0), personal: Number(count.personal ?? 0) })
    },
    mark: (by: string, part: PartName) => {
      const count = marked.get(by) ?? { actor: 0, personal: 0 }
      count[part] += 1
      total[part] += 1
      marked.set(by, count)
    },
    total,
    /**
     * A removal must be declared by its erase row in the same number. After retention dropped old
     * partitions, rows it counted may be gone with them: then fewer marks are fine, never more.
     */
    unbalanced: (partial: boolean): undefined | { problem: string; seq: string } => {
      for (const seq of marked.keys()) {
        if (!declared.has(seq)) {
          return {
            problem: 'personal data was removed, naming a row that is not an erasure',
            seq,
          }
        }
      }
      for (const [seq, expected] of declared) {
        const count = marked.get(seq) ?? { actor: 0, personal: 0 }
        for (const part of ['actor', 'personal'] as const) {
          const off = partial ? count[part] > expected[part] : count[part] !== expected[part]
          if (off) {
            return {
              problem: `this erasure declares ${expected[part]} removed ${part} parts but ${count[part]} rows name it (personal data was removed or restored unnoticed)`,
              seq,
            }
          }
        }
      }
      return undefined
    },
  }
}

/**
 * The personal parts of a row: each present one must match its digest (the hash covers the
 * digest), each missing one must be marked as removed by a later erase/expire row.
 */
const checkParts = (row: Row, ledger: ReturnType<typeof erasureLedger>): string | undefined => {
  const { changes } = row
  if (!isRecord(changes)) return undefined
  if ((row.action === 'erase' || row.action === 'expire') && ERASED_PARTS in changes) {
    ledger.declare(row.seq, changes[ERASED_PARTS])
  }
  const marks = isRecord(changes[ERASED_MARK]) ? changes[ERASED_MARK] : {}
  for (const name of ['actor', 'personal'] as const) {
    const { digest, part: key } = partKeys[name]
    const part = partOf(changes, name)
    if (key in changes && (!part || typeof changes[digest] !== 'string')) {
      return `its ${name} data is not covered by its hash`
    }
    if (typeof changes[digest] !== 'string') continue
    if (part) {
      if (partDigest(part.salt, digestedValue(part)) !== changes[digest]) {
        return `its ${name} data does not match its digest (it was edited)`
      }
      continue
    }
    const by = marks[name]
    if (typeof by !== 'string' || !/^[0-9]+$/.test(by) || BigInt(by) <= BigInt(row.seq)) {
      return `its ${name} data was removed without an erasure recorded after it`
    }
    ledger.mark(by, name)
  }
  return undefined
}
