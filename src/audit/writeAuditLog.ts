import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { isPluginUser } from '../access/roles'
import { normalizeEmail } from '../privacy/emailAddresses'
import { settingsOf } from '../settings'
import { pgIdType } from '../utilities/ids'
import { pgArray } from '../utilities/sqlValues'
import { openTransactionDb, postgresAdapter } from '../utilities/transactionDb'
import { canonicalJson } from './hash'
import { actorPartOf, hashedChanges, sealChanges } from './personalParts'
import { ipOf, originOf, userAgentOf } from './requestInfo'

export const auditActions = [
  'create',
  'update',
  'delete',
  'trash',
  'restore',
  'publish',
  'unpublish',
  'login',
  'login_failed',
  'logout',
  'role_change',
  // A draft saved while the published version stays live (not an unpublish).
  'draft',
  // A person's data erased (right to be forgotten); retention removing expired personal data.
  'erase',
  'expire',
  // A person's data exported (right of access).
  'export',
] as const
export type AuditAction = (typeof auditActions)[number]

export type AuditEntry = {
  action: AuditAction
  changes: unknown
  collection: string
  documentId: null | string
  /** Defaults to the request's user. */
  userId?: null | string
  /** The changes name no one (counts, ids): none of them goes into the personal part. */
  impersonal?: boolean
  /** Leave out the request's ip and user agent (an erasure must not record the person's). */
  withoutActor?: boolean
}

/**
 * What the hash covers besides the previous hash; `verifyAuditChain` rebuilds it from the row.
 * Personal data is covered through its digests (see personalParts.ts), so it can be erased.
 */
export const auditContent = (row: {
  action: string
  changes: unknown
  collection: string
  createdAt: string
  documentId: null | string
  ip: null | string
  origin: string
  userAgent: null | string
  userId: null | string
}): string => canonicalJson({ ...row, changes: hashedChanges(row.changes) })

type AuditRow = Parameters<typeof auditContent>[0]

/**
 * The row an entry becomes: who, from where and when, taken from the request. The ip, the user
 * agent and the collection's personal fields go into the erasable parts of `changes`.
 */
export const auditRowFor = (req: PayloadRequest, entry: AuditEntry): AuditRow => ({
  action: entry.action,
  changes: sealChanges(
    entry.changes ?? null,
    entry.withoutActor
      ? { ip: null, userAgent: null }
      : { ip: ipOf(req), userAgent: userAgentOf(req) },
    entry.impersonal ? undefined : settingsOf(req.payload).privacy.personalFields[entry.collection],
  ),
  collection: entry.collection,
  createdAt: new Date().toISOString(),
  documentId: entry.documentId,
  ip: null,
  origin: originOf(req),
  userAgent: null,
  userId:
    entry.userId === undefined ? (isPluginUser(req) ? String(req.user?.id) : null) : entry.userId,
})

/**
 * The arguments of `audit_logs_append()` for a row, in order. The ip and user agent columns get
 * copies of the row's `$actor` part, so admins can filter and sort by them; the hash covers the
 * part through its digest, not the columns (`audit:verify` checks they match the part), and an
 * erasure empties both.
 */
export const auditAppendArgs = (row: AuditRow) => {
  const actor = actorPartOf(row.changes)
  return [
    row.action,
    row.collection,
    row.documentId,
    row.userId,
    row.ip ?? actor?.ip ?? null,
    row.userAgent ?? actor?.userAgent ?? null,
    row.origin,
    JSON.stringify(row.changes),
    row.createdAt,
    auditContent(row),
  ] as const
}

/** The `audit_logs_append()` call for a row, as an SQL expression (returns the row's hash). */
const auditAppendCall = (req: PayloadRequest, row: AuditRow) => {
  const [action, collection, documentId, userId, ip, userAgent, origin, changes, at, content] =
    auditAppendArgs(row)
  const id = sql.raw(pgIdType(settingsOf(req.payload).idType))
  return sql`audit_logs_append(${action}, ${collection}, ${documentId}, ${userId}::${id}, ${ip},
    ${userAgent}, ${origin}, ${changes}::jsonb, ${at}::timestamptz, ${content})`
}

/**
 * Appends one audit row with ONE statement: `audit_logs_append()` takes the chain lock, reads the
 * tail hash and inserts the row with sha256(prev_hash || content), so concurrent writers queue for
 * a moment instead of forking the chain (a UNIQUE index on prev_hash refuses forks anyway).
 *
 * By default it runs in the request's transaction: a change that rolls back leaves no audit row.
 * `ownTransaction` is for events whose request fails on purpose (failed logins).
 */
export const writeAuditLog = (
  req: PayloadRequest,
  entry: AuditEntry,
  { ownTransaction = false }: { ownTransaction?: boolean } = {},
): Promise<void> =>
  appendInTransaction(req, sql`SELECT ${auditAppendCall(req, auditRowFor(req, entry))}`, {
    ownTransaction,
  })

/**
 * Appends several audit rows with ONE statement, in the request's transaction, in their order:
 * raw SQL that changed many rows at once (hold expiry) audits them without a round trip per row
 * while it still holds their locks (1,612 expired holds took 1,612 statements before).
 */
export const writeAuditLogs = async (req: PayloadRequest, entries: AuditEntry[]): Promise<void> => {
  if (entries.length === 0) return
  const rows = entries.map((entry) => auditAppendArgs(auditRowFor(req, entry)))
  const column = (index: number) => pgArray(rows.map((args) => args[index] ?? null))
  const id = sql.raw(pgIdType(settingsOf(req.payload).idType))
  await appendInTransaction(
    req,
    sql`SELECT audit_logs_append(r.action, r.collection, r.document_id, r.user_id::${id}, r.ip,
        r.user_agent, r.origin, r.changes::jsonb, r.created_at::timestamptz, r.content)
      FROM unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[],
        ${column(3)}::text[], ${column(4)}::text[], ${column(5)}::text[], ${column(6)}::text[],
        ${column(7)}::text[], ${column(8)}::text[], ${column(9)}::text[])
        WITH ORDINALITY AS r(action, collection, document_id, user_id, ip, user_agent, origin,
          changes, created_at, content, ord)
      ORDER BY r.ord`,
    { ownTransaction: false },
  )
}

/** Runs an append: the chain lock is transaction-scoped, so outside the request's transaction open one. */
const appendInTransaction = async (
  req: PayloadRequest,
  statement: ReturnType<typeof sql>,
  { ownTransaction }: { ownTransaction: boolean },
): Promise<void> => {
  const requestTx = ownTransaction ? undefined : await openTransactionDb(req)
  if (requestTx) await requestTx.execute(statement)
  else
    await postgresAdapter(req).drizzle.transaction(async (tx) => void (await tx.execute(statement)))
}

/**
 * A failed sign-in, in a transaction of its own (the failed request writes nothing), with the email
 * that was tried as Payload matched it (trimmed, lower-cased: src/privacy/emailAddresses.ts), so
 * the throttle, the export and erasure all find it; never the password.
 */
export const writeFailedSignIn = (
  req: PayloadRequest,
  { collection, email, status }: { collection: string; email: unknown; status?: number },
): Promise<void> =>
  writeAuditLog(
    req,
    {
      action: 'login_failed',
      changes: {
        email: typeof email === 'string' ? normalizeEmail(email).slice(0, 320) : null,
        status,
      },
      collection,
      documentId: null,
      userId: null,
    },
    { ownTransaction: true },
  )

/** `writeAuditLog` for changes the plugin makes in raw SQL: nothing when the app keeps no audit log. */
export const auditIfKept = async (req: PayloadRequest, entry: AuditEntry): Promise<void> => {
  if (settingsOf(req.payload).parts.audit) await writeAuditLog(req, entry)
}

/** `writeAuditLogs` likewise: nothing when the app keeps no audit log. */
export const auditAllIfKept = async (req: PayloadRequest, entries: AuditEntry[]): Promise<void> => {
  if (settingsOf(req.payload).parts.audit) await writeAuditLogs(req, entries)
}
