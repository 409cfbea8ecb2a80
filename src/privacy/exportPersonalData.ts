import { sql } from '@payloadcms/db-postgres'
import type { CollectionSlug, PayloadRequest, Where } from 'payload'

import { presentAuditChanges } from '../audit/personalParts'
import { writeAuditLog } from '../audit/writeAuditLog'
import { tableName } from '../db/tableNames'
import { settingsOf } from '../settings'
import type { DocId } from '../utilities/ids'
import { PublicError } from '../utilities/publicError'
import { pgArray } from '../utilities/sqlValues'
import { transactionDb } from '../utilities/transactionDb'
import { aboutPerson, findPersonRows } from './personRows'

/** The newest audit rows an export carries (an account's history can be long). */
export const EXPORT_AUDIT_ROWS = 5000

type AuditRow = {
  about: boolean
  anonymous: boolean
  action: string
  by_person: boolean
  changes: unknown
  collection: string
  created_at: Date | string
  document_id: null | string
  seq: string
}

/**
 * Refuses a further export of the same account within the hour once `exportsPerHour` were made
 * (counted from the audit log's `export` rows, so across every app server): the person's own
 * exports and admins' exports of the person are counted apart.
 */
const checkExportRate = async (req: PayloadRequest, id: DocId) => {
  const self = String(req.user?.id) === String(id)
  const { privacy, slugs } = settingsOf(req.payload)
  const table = sql.identifier(tableName(req.payload, slugs.auditLogs))
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ count: string; oldest: Date | null }>(sql`
    SELECT count(*) AS count, min(created_at) AS oldest FROM ${table}
     WHERE action = 'export' AND collection = ${slugs.users} AND document_id = ${String(id)}
       AND created_at > now() - interval '1 hour'
       AND (user_id IS NOT DISTINCT FROM ${id}) = ${self}`)
  const made = Number(rows[0]?.count ?? 0)
  if (made < privacy.exportsPerHour) return
  const oldest = rows[0]?.oldest ? new Date(rows[0].oldest).getTime() : Date.now()
  const retryAfter = Math.max(1, Math.ceil((oldest + 3_600_000 - Date.now()) / 1000))
  req.responseHeaders = new Headers({ 'Retry-After': String(retryAfter) })
  throw new PublicError(
    `${self ? 'You exported your data' : "Admins exported this account's data"} ${made} times in the last hour (the limit); try again in ${retryAfter} s.`,
    429,
    { retryAfter },
  )
}

/**
 * The right of access and portability: one JSON document with everything the system holds about
 * the account: the profile, its bookings (with their price and contact snapshots), appointments, form
 * submissions made with its email, and the audit rows about it or by it. Rows about it that
 * someone else made carry no one else's ip; rows it made about others carry no one else's
 * personal fields. The export is itself audited (counts only) and rate-limited.
 */
export const exportPersonalData = async (
  req: PayloadRequest,
  id: DocId,
): Promise<Record<string, unknown>> => {
  const { parts, slugs } = settingsOf(req.payload)
  if (parts.audit) await checkExportRate(req, id)
  const account = await req.payload
    .findByID({ collection: slugs.users, depth: 0, id, overrideAccess: true, req })
    .catch(() => undefined)
  if (!account) throw new PublicError('No such account.', 404, { field: 'id' })
  const email = String((account as { email?: unknown }).email ?? '')
  const person = await findPersonRows(req, id, email)

  // Every document of a collection about the person, as stored (no access rules, no population).
  const allOf = async (collection: CollectionSlug, where: Where, sort: string) =>
    (
      await req.payload.find({
        collection,
        depth: 0,
        overrideAccess: true,
        pagination: false,
        req,
        sort,
        where,
      })
    ).docs
  const bookings = await allOf(slugs.bookings, { user: { equals: id } }, 'createdAt')
  const appointments =
    parts.appointments && person.appointmentIds.length > 0
      ? await allOf(slugs.appointments, { customer: { equals: id } }, 'start')
      : []
  // Entries without their offer's token hash (a secret of the server's, not data about them).
  const waitingList = parts.waitingList
    ? (
        await allOf(
          slugs.waitingList,
          // With the requests made as a guest under any of their addresses, not yet confirmed.
          {
            or: [
              { user: { equals: id } },
              { and: [{ status: { equals: 'unconfirmed' } }, { email: { in: person.emails } }] },
            ],
          },
          'createdAt',
        )
      ).map((entry) => {
        const { offerTokenHash: _hidden, ...rest } = entry as unknown as Record<string, unknown>
        return rest
      })
    : []
  // Payments and refunds of the person's bookings: financial records, kept after an erasure.
  const ofBookings = async (collection: CollectionSlug) =>
    parts.payments && person.bookingIds.length > 0
      ? await allOf(collection, { booking: { in: person.bookingIds } }, 'createdAt')
      : []
  const payments = await ofBookings(slugs.payments)
  const refunds = await ofBookings(slugs.refunds)
  const formSubmissions =
    parts.forms && person.submissionIds.length > 0
      ? await allOf(slugs.formSubmissions, { id: { in: person.submissionIds } }, 'createdAt')
      : []

  const tickets = await ticketsOfPerson(req, person.ticketIds)
  // The mail log without content (the dev mailbox's copies carry ticket codes, which stay out).
  const mails =
    parts.mail && person.mailIds.length > 0
      ? (
          await req.payload.find({
            collection: slugs.mails,
            depth: 0,
            overrideAccess: true,
            pagination: false,
            req,
            select: {
              createdAt: true,
              kind: true,
              sentAt: true,
              status: true,
              subject: true,
              to: true,
            },
            sort: 'createdAt',
            where: { id: { in: person.mailIds } },
          })
        ).docs
      : []

  let auditLog: Record<string, unknown>[] = []
  let truncated = false
  if (parts.audit) {
    const table = sql.identifier(tableName(req.payload, slugs.auditLogs))
    const db = await transactionDb(req)
    const about = aboutPerson(req, person)
    const { rows } = await db.execute<AuditRow>(sql`
      SELECT seq::text AS seq, action::text AS action, collection, document_id, changes, created_at,
             (user_id IS NOT DISTINCT FROM ${id}) AS by_person, (user_id IS NULL) AS anonymous,
             ${about} AS about
        FROM ${table}
       WHERE user_id = ${id} OR ${about}
       ORDER BY ${table}.seq DESC LIMIT ${EXPORT_AUDIT_ROWS + 1}`)
    truncated = rows.length > EXPORT_AUDIT_ROWS
    auditLog = rows.slice(0, EXPORT_AUDIT_ROWS).map((row) => {
      const shown = presentAuditChanges(row.changes)
      // Anonymous rows about the person (their registration, their failed sign-ins) were theirs.
      const ownRequest = row.by_person || (row.anonymous && row.about)
      return {
        action: row.action,
        changes: row.about ? shown.changes : hideOthers(row.changes),
        collection: row.collection,
        createdAt: new Date(row.created_at).toISOString(),
        documentId: row.document_id,
        erased: shown.erased,
        madeByThisAccount: row.by_person,
        ...(ownRequest && shown.ip !== undefined
          ? { ip: shown.ip, userAgent: shown.userAgent }
          : {}),
      }
    })
    await writeAuditLog(req, {
      action: 'export',
      changes: {
        appointments: appointments.length,
        auditRows: auditLog.length,
        bookings: bookings.length,
        formSubmissions: formSubmissions.length,
        mails: mails.length,
        tickets: tickets.length,
        waitingList: waitingList.length,
      },
      collection: slugs.users,
      documentId: String(id),
      impersonal: true,
    })
  }
  return {
    account,
    appointments,
    auditLog: { rows: auditLog, truncated },
    bookings,
    exportedAt: new Date().toISOString(),
    format: 'payload-events-cms personal data export, version 1',
    formSubmissions,
    mails,
    payments,
    refunds,
    tickets,
    waitingList,
  }
}

/**
 * The person's tickets with their check-ins (when and at which gate they were let in, or why
 * not). Codes are never exported: the booker sees them in their account, and a file lies around.
 */
const ticketsOfPerson = async (req: PayloadRequest, ids: string[]) => {
  if (ids.length === 0) return []
  const db = await transactionDb(req)
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT t.id::text AS id, t.booking_id::text AS booking, t.event_id::text AS event,
           tt.name AS "ticketType", t.attendee_name AS "attendeeName", t.version::int AS version,
           coalesce((SELECT json_agg(json_build_object('at', c.created_at, 'result', c.result,
               'reason', c.reason, 'gate', c.gate, 'undoneAt', c.undone_at) ORDER BY c.created_at)
             FROM check_ins c WHERE c.ticket_id = t.id), '[]') AS "checkIns"
      FROM tickets t LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
     WHERE t.id::text = ANY(${pgArray(ids)}::text[])
     ORDER BY t.created_at, t.id`)
  return rows
}

/** A row the person made about someone else: its open changes only, without their personal fields. */
const hideOthers = (changes: unknown): unknown => {
  const shown = presentAuditChanges(changes)
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return shown.changes
  const personal = (changes as { $personal?: { fields?: Record<string, unknown> } }).$personal
  if (!personal?.fields || !shown.changes || typeof shown.changes !== 'object') return shown.changes
  const open = { ...(shown.changes as Record<string, unknown>) }
  for (const field of Object.keys(personal.fields)) delete open[field]
  return open
}
