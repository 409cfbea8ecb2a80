import { LRUCache } from 'lru-cache'
import type { PayloadRequest } from 'payload'

import { hasRole } from '../../src/access/roles'
import { accountsRelColumn } from '../../src/db/tableNames'
import { settingsOf } from '../../src/settings'
import { normalizeTicketCode, ticketCodeHash } from '../../src/tickets/ticketCodes'
import { type DocId, type IdType, parseId, pgIdType } from '../../src/utilities/ids'
import { type PreparedStatement, runPrepared } from '../../src/utilities/preparedQuery'
import { processWide } from '../../src/utilities/processWide'
import { PublicError } from '../../src/utilities/publicError'
import { isRecord } from '../../src/utilities/sqlValues'
import { ADMISSION } from '../Bookings/operations/priceLines'
import type { CheckInRefusal } from './index'
import { admissionSql } from '../../src/db/conditions'

/** What a scan answers: admitted, or refused with why (the same again for a repeated nonce). */
export type CheckInOutcome = {
  checkInId: null | string
  gate: null | string
  message: string
  reason: CheckInRefusal | null
  result: 'admitted' | 'refused'
  /** When the ticket was admitted: now, or earlier (already checked in). */
  admittedAt: null | string
  ticket: null | {
    attendeeName: null | string
    bookingReference: null | string
    id: string
    ticketType: null | string
  }
}

type ScanRow = {
  admitted_at: Date | null
  allowed: boolean | null
  attendee_name: null | string
  booking_id: null | string
  booking_status: null | string
  check_in_id: null | string
  end_date: Date | null
  event_exists: boolean
  opens_at: Date | null
  prior: null | {
    created_at: string
    gate: null | string
    id: string
    reason: CheckInRefusal | null
    result: 'admitted' | 'refused'
    ticket_id: null | string
  }
  reference: null | string
  ticket_event: null | string
  ticket_id: null | string
  ticket_type_id: null | string
  type_name: null | string
}

/**
 * The scan as ONE statement: may this account check in at this event (admin, the event's
 * organizer, or its check-in staff), was this upload (scanner + nonce) answered before, which
 * ticket is it, and the admission itself. PostgreSQL admits a ticket once: the partial unique
 * index over its active admission makes every other scan of it, however simultaneous, insert
 * nothing (ON CONFLICT DO NOTHING). $1 event, $2 scanner, $3 is admin, $4 code hash or ticket
 * id, $5 gate, $6 nonce, $7 minutes the doors open before the start.
 */
const scanStatement = (
  idType: IdType,
  by: 'code' | 'ticket',
  staffColumn: string,
): PreparedStatement => {
  const id = pgIdType(idType)
  return {
    name: `events_cms_check_in_${by}_${idType}`,
    text: `WITH scanner AS (
        SELECT e.id AS event_id, e.start_date - make_interval(mins => $7::int) AS opens_at, e.end_date,
               ($3::bool OR e.organizer_id = $2::${id} OR EXISTS (
                 SELECT 1 FROM events_rels r
                  WHERE r.parent_id = e.id AND r.path = 'checkInStaff' AND r.${staffColumn} = $2::${id})) AS allowed
          FROM events e WHERE e.id = $1::${id}
      ), prior AS (
        SELECT c.id::text AS id, c.result::text AS result, c.reason::text AS reason,
               c.created_at, c.gate, c.ticket_id::text AS ticket_id
          FROM check_ins c WHERE $6::varchar IS NOT NULL AND c.scanned_by_id = $2::${id} AND c.nonce = $6::varchar
      ), ticket AS (
        SELECT t.id, t.event_id, t.ticket_type_id, t.booking_id, t.attendee_name,
               b.status::text AS booking_status, b.reference, tt.name AS type_name
          FROM tickets t JOIN bookings b ON b.id = t.booking_id
          LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
         WHERE ${by === 'code' ? 't.code_hash = $4::varchar' : `t.id = $4::${id}`}
      ), admitted AS (
        INSERT INTO check_ins (event_id, ticket_id, ticket_type_id, booking_id, result, scanned_by_id,
          gate, nonce, created_at, updated_at)
        SELECT ticket.event_id, ticket.id, ticket.ticket_type_id, ticket.booking_id, 'admitted',
               $2::${id}, $5::varchar, $6::varchar, now(), now()
          FROM ticket, scanner
         WHERE scanner.allowed AND ticket.event_id = scanner.event_id
           AND ticket.booking_status = 'confirmed'
           AND now() >= scanner.opens_at AND now() <= scanner.end_date
           AND NOT EXISTS (SELECT 1 FROM prior)
        ON CONFLICT (ticket_id) WHERE ${admissionSql()} DO NOTHING
        RETURNING id::text AS id, created_at
      )
      SELECT scanner.event_id IS NOT NULL AS event_exists, scanner.allowed, scanner.opens_at,
             scanner.end_date, ticket.id::text AS ticket_id, ticket.event_id::text AS ticket_event,
             ticket.ticket_type_id::text AS ticket_type_id, ticket.type_name,
             ticket.booking_id::text AS booking_id, ticket.attendee_name, ticket.booking_status,
             ticket.reference, admitted.id AS check_in_id, admitted.created_at AS admitted_at,
             (SELECT row_to_json(prior) FROM prior LIMIT 1) AS prior
        FROM (SELECT 1) AS one LEFT JOIN scanner ON true LEFT JOIN ticket ON true
        LEFT JOIN admitted ON true`,
  }
}

/** A refused scan, recorded (unless this scanner's nonce was recorded meanwhile). */
const refusalStatement = (idType: IdType): PreparedStatement => {
  const id = pgIdType(idType)
  return {
    name: `events_cms_check_in_refused_${idType}`,
    text: `INSERT INTO check_ins (event_id, ticket_id, ticket_type_id, booking_id, result, reason,
        scanned_by_id, gate, nonce, created_at, updated_at)
      VALUES ($1::${id}, $2::${id}, $3::${id}, $4::${id}, 'refused', $5::enum_check_ins_reason,
        $6::${id}, $7::varchar, $8::varchar, now(), now())
      RETURNING id::text AS id`,
  }
}

/** The admission that stands for a ticket (when it was already checked in). */
/**
 * Undoes an admission (`$1`: the check-in, `$2`: who undoes it, `$3`: whether they may undo any
 * event's): only the event's organizer, unless `$3`.
 */
export const undoAdmissionStatement = (idType: IdType): PreparedStatement => ({
  name: `events_cms_undo_check_in_${idType}`,
  text: `UPDATE check_ins c SET undone_at = now(), undone_by_id = $2::${pgIdType(idType)}, updated_at = now()
    FROM events e
    WHERE c.id = $1::${pgIdType(idType)} AND e.id = c.event_id AND ${admissionSql('c')}
      AND ($3::bool OR e.organizer_id = $2::${pgIdType(idType)})
    RETURNING c.undone_at`,
})

const admissionStatement = (idType: IdType): PreparedStatement => ({
  name: `events_cms_check_in_admission_${idType}`,
  text: `SELECT created_at, gate FROM check_ins
    WHERE ticket_id = $1::${pgIdType(idType)} AND ${admissionSql()}`,
})

/** When and where a ticket refused as already checked in was admitted (nulls otherwise). */
const admissionBefore = async (
  req: PayloadRequest,
  reason: CheckInRefusal,
  ticketId: null | string | undefined,
): Promise<{ admittedAt: null | string; gate: null | string }> => {
  const [earlier] =
    reason === 'already_checked_in' && ticketId
      ? await runPrepared<{ created_at: Date; gate: null | string }>(
          req,
          admissionStatement(settingsOf(req.payload).idType),
          [ticketId],
        )
      : []
  return {
    admittedAt: earlier ? new Date(earlier.created_at).toISOString() : null,
    gate: earlier?.gate ?? null,
  }
}

const BY_STATUS: Record<string, CheckInRefusal> = {
  cancelled: 'cancelled',
  expired: 'expired',
  pending: 'unpaid',
  refunded: 'refunded',
}

const time = (value: Date | null | string) =>
  value ? new Date(value).toISOString().slice(11, 16) + ' UTC' : ''

const describeRefusal = (
  reason: CheckInRefusal,
  at: { admittedAt: null | string; gate: null | string },
): string => {
  switch (reason) {
    case 'already_checked_in':
      return `Already checked in at ${time(at.admittedAt)}${at.gate ? ` (${at.gate})` : ''}.`
    case 'cancelled':
      return 'Refused: the booking was cancelled.'
    case 'expired':
      return 'Refused: the booking was never paid and its hold expired.'
    case 'refunded':
      return 'Refused: the booking was refunded.'
    case 'unpaid':
      return 'Refused: the booking is not paid yet.'
    case 'other_event':
      return "Refused: this is another event's ticket."
    case 'unknown_code':
      return 'Refused: no ticket has this code (mistyped, or reissued since).'
    case 'outside_window':
      return 'Refused: check-in for this event is not open now.'
  }
}

const ticketOf = (row: ScanRow): CheckInOutcome['ticket'] =>
  row.ticket_id
    ? {
        attendeeName: row.attendee_name,
        bookingReference: row.reference,
        id: row.ticket_id,
        ticketType: row.type_name,
      }
    : null

/** Scans per scanner and minute on this app server (an in-memory window, per process). */
const scanWindows = processWide(
  'scanWindows',
  () => new LRUCache<string, { count: number; since: number }>({ max: 10_000, ttl: 60_000 }),
)
const throttleScanner = (req: PayloadRequest) => {
  const key = String(req.user?.id)
  const now = Date.now()
  const window = scanWindows.get(key)
  const current = window && now - window.since < 60_000 ? window : { count: 0, since: now }
  current.count += 1
  scanWindows.set(key, current)
  const limit = settingsOf(req.payload).tickets.scansPerMinute
  if (current.count > limit) {
    const retryAfter = Math.max(1, Math.ceil((current.since + 60_000 - now) / 1000))
    req.responseHeaders = new Headers({ 'Retry-After': String(retryAfter) })
    throw new PublicError(
      `Too many scans from this account (${limit} a minute); try again in ${retryAfter} s.`,
      429,
      { retryAfter },
    )
  }
}

export type CheckInRequest = {
  code: null | string
  event: DocId
  gate: null | string
  nonce: null | string
  reference: null | string
}

/** Reads a scan: `{event, code | reference, nonce?, gate?}`; a malformed value is a 400. */
export const parseCheckIn = (req: PayloadRequest, data: unknown): CheckInRequest => {
  if (!isRecord(data)) {
    throw new PublicError('Send {"event": "<id>", "code": "<the ticket code>"}.', 400, {
      field: 'body',
    })
  }
  const event = parseId(data.event, settingsOf(req.payload).idType)
  if (event === undefined) {
    throw new PublicError('Say which event you are checking in for ("event").', 400, {
      field: 'event',
    })
  }
  const text = (name: string, max: number): null | string => {
    const value = data[name]
    if (value === undefined || value === null || value === '') return null
    if (typeof value !== 'string' || value.length > max) {
      throw new PublicError(`${name} must be text of at most ${max} characters.`, 400, {
        field: name,
      })
    }
    return value.trim() || null
  }
  const code = text('code', 200)
  const reference = text('reference', 40)
  if ((code === null) === (reference === null)) {
    throw new PublicError('Send the ticket "code" or the booking "reference", one of them.', 400, {
      field: 'code',
    })
  }
  return {
    code: code === null ? null : normalizeTicketCode(code),
    event,
    gate: text('gate', 120),
    nonce: text('nonce', 120),
    reference: reference === null ? null : reference.toUpperCase(),
  }
}

/**
 * One scan at the door: admits the ticket once, or refuses it with a reason, and records either
 * (see the check-ins collection). A repeated upload with the same `nonce` (an offline scanner
 * syncing again) is answered as the first time and records nothing new. By booking reference
 * (typed in when a phone will not scan) it admits the booking's next ticket not in yet.
 */
export const checkIn = async (
  req: PayloadRequest,
  scan: CheckInRequest,
): Promise<CheckInOutcome> => {
  if (!req.user) throw new PublicError('Log in to check people in.', 401)
  throttleScanner(req)
  const { idType, tickets } = settingsOf(req.payload)
  const scanner = req.user.id
  const admin = hasRole(req, 'admin')
  const run = (by: 'code' | 'ticket', target: string) =>
    runPrepared<ScanRow>(req, scanStatement(idType, by, accountsRelColumn(req.payload)), [
      scan.event,
      scanner,
      admin,
      target,
      scan.gate,
      scan.nonce,
      tickets.checkInOpensMinutesBefore,
    ]).then((rows) => rows[0] as ScanRow)

  let row: ScanRow
  let seats: { admitted: number; total: number } | undefined
  if (scan.code !== null) {
    row = await run('code', ticketCodeHash(scan.code))
  } else {
    const candidates = await runPrepared<{ admitted: boolean; id: string }>(
      req,
      {
        name: `events_cms_check_in_reference_${idType}`,
        text: `SELECT t.id::text AS id, EXISTS (SELECT 1 FROM check_ins c WHERE c.ticket_id = t.id
                 AND ${admissionSql('c')}) AS admitted
            FROM tickets t JOIN bookings b ON b.id = t.booking_id
           WHERE b.reference = $1::varchar ORDER BY t.created_at, t.id`,
      },
      [scan.reference],
    )
    const next = candidates.find(({ admitted }) => !admitted) ?? candidates[0]
    row = next
      ? await run('ticket', next.id)
      : await run('code', ticketCodeHash(`unknown reference ${scan.reference}`))
    seats = {
      admitted: candidates.filter(({ admitted }) => admitted).length + (row.check_in_id ? 1 : 0),
      total: candidates.length,
    }
  }
  if (!row.event_exists)
    throw new PublicError(`Event ${scan.event} does not exist.`, 404, { field: 'event' })
  if (!row.allowed) {
    throw new PublicError('You may not check people in at this event.', 403, { field: 'event' })
  }
  const ticket = ticketOf(row)
  const ofBooking = seats
    ? ` (${seats.admitted} of ${seats.total} of booking ${scan.reference})`
    : ''

  if (row.prior) return answerAgain(req, row, ticket)
  if (row.check_in_id) {
    const admittedAt = new Date(row.admitted_at ?? Date.now()).toISOString()
    return {
      admittedAt,
      checkInId: row.check_in_id,
      gate: scan.gate,
      message: `Admitted: ${ticket?.ticketType ?? ADMISSION}${ticket?.attendeeName ? `, ${ticket.attendeeName}` : ''}${ofBooking}.`,
      reason: null,
      result: 'admitted',
      ticket,
    }
  }

  const reason: CheckInRefusal = !row.ticket_id
    ? 'unknown_code'
    : row.ticket_event !== String(scan.event)
      ? 'other_event'
      : (BY_STATUS[row.booking_status ?? ''] ??
        (row.opens_at &&
        row.end_date &&
        (Date.now() < new Date(row.opens_at).getTime() ||
          Date.now() > new Date(row.end_date).getTime())
          ? 'outside_window'
          : 'already_checked_in'))
  const at = await admissionBefore(req, reason, row.ticket_id)
  let checkInId: null | string = null
  try {
    const [recorded] = await runPrepared<{ id: string }>(req, refusalStatement(idType), [
      scan.event,
      row.ticket_id,
      row.ticket_type_id,
      row.booking_id,
      reason,
      scanner,
      scan.gate,
      scan.nonce,
    ])
    checkInId = recorded?.id ?? null
  } catch (error) {
    // The same upload raced itself: answer as the one that got recorded.
    if ((error as { code?: unknown }).code !== '23505' || scan.nonce === null) throw error
    const again = scan.code !== null ? await run('code', ticketCodeHash(scan.code)) : row
    if (again.prior) return answerAgain(req, again, ticket)
    throw error
  }
  return {
    ...at,
    checkInId,
    message: `${describeRefusal(reason, at)}${ofBooking}`,
    reason,
    result: 'refused',
    ticket,
  }
}

/** The answer a recorded upload got, for the same upload again. */
const answerAgain = async (
  req: PayloadRequest,
  row: ScanRow,
  ticket: CheckInOutcome['ticket'],
): Promise<CheckInOutcome> => {
  const prior = row.prior as NonNullable<ScanRow['prior']>
  if (prior.result === 'admitted') {
    return {
      admittedAt: new Date(prior.created_at).toISOString(),
      checkInId: prior.id,
      gate: prior.gate,
      message: `Admitted: ${ticket?.ticketType ?? ADMISSION}${ticket?.attendeeName ? `, ${ticket.attendeeName}` : ''}.`,
      reason: null,
      result: 'admitted',
      ticket,
    }
  }
  const reason = prior.reason ?? 'unknown_code'
  const at = await admissionBefore(req, reason, prior.ticket_id)
  return {
    ...at,
    checkInId: prior.id,
    message: describeRefusal(reason, at),
    reason,
    result: 'refused',
    ticket,
  }
}
