import { randomBytes } from 'node:crypto'

import type { PayloadRequest } from 'payload'

import { diffDocuments } from '../../../src/audit/changes'
import { auditAppendArgs, auditRowFor } from '../../../src/audit/writeAuditLog'
import { BOOKING_REFUSED_SQLSTATE } from '../../../src/db/ticketRulesSql'
import type { AccountDoc, BookingDoc } from '../../../src/documents'
import { settingsOf } from '../../../src/settings'
import { slugs } from '../../../src/slugs'
import {
  newTicketIds,
  planTickets,
  ticketColumns,
  ticketsInsertSql,
} from '../../../src/tickets/newTickets'
import { type DocId, type IdType, pgIdType } from '../../../src/utilities/ids'
import { type PreparedStatement, runPrepared } from '../../../src/utilities/preparedQuery'
import { PublicError } from '../../../src/utilities/publicError'
import { contactSnapshotOf } from '../bookingRules'
import type { BookingRequest } from './bookingRequest'
import { CLAIM_PARAMETERS, claimCtes, claimValues } from './claimSql'
import { eventOffer } from './eventOffer'
import { explainRefusal } from './explainRefusal'
import { bookingTerms } from './bookingTerms'
import { priceLines } from './priceLines'

/** Stand for ids PostgreSQL makes, in audit content prepared before the statement runs. */
const BOOKING_ID = '__events_cms_booking_id__'
const EXPIRED_ID = '__events_cms_expired_id__'

const FIRST_BOOKING = CLAIM_PARAMETERS + 1 // $11-$20: the booking row
const FIRST_LINE = FIRST_BOOKING + 10 // $21-$25: its lines
const FIRST_TICKET = FIRST_LINE + 5 // $26-$29: its tickets
const FIRST_AUDIT = FIRST_TICKET + 4 // $30-$38: its audit row; $39-$42: lapsed holds' rows

const p = (n: number) => `$${n}`

/**
 * The whole booking as ONE statement in its own transaction: the claim (claimSql.ts), the booking
 * row, its lines, one ticket per seat, the audit rows of the booking and of the lapsed holds it
 * released. The hot event's row is locked for this statement and its commit only. A claim that
 * took less than everything calls events_cms_refuse_booking(), whose error undoes the statement.
 */
const bookingStatement = (idType: IdType, audited: boolean): PreparedStatement => {
  const id = pgIdType(idType)
  const b = FIRST_BOOKING
  const l = FIRST_LINE
  const a = FIRST_AUDIT
  return {
    name: `events_cms_book_${idType}${audited ? '_audited' : ''}`,
    text: `${claimCtes(idType)}, booking AS (
      INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price,
        expires_at, idempotency_key, reference, contact_snapshot_name, contact_snapshot_email,
        contact_snapshot_phone, created_at, updated_at)
      SELECT claimed.id, ${p(b)}::${id}, $2::int, ${p(b + 1)}::enum_bookings_status,
        ${p(b + 2)}::numeric, $4::varchar, ${p(b + 3)}::numeric, $3::timestamptz, ${p(b + 4)}::varchar,
        ${p(b + 5)}::varchar, ${p(b + 6)}::varchar, ${p(b + 7)}::varchar, ${p(b + 8)}::varchar,
        ${p(b + 9)}::timestamptz, ${p(b + 9)}::timestamptz
        FROM claimed
      RETURNING id
    ), lines AS (
      INSERT INTO bookings_lines (_order, _parent_id, id, ticket_type_id, name, quantity, unit_price)
      SELECT line.ord, booking.id, line.row_id, line.ticket_type, line.name, line.quantity, line.unit_price
        FROM booking, unnest(${p(l)}::varchar[], ${p(l + 1)}::${id}[], ${p(l + 2)}::varchar[],
          ${p(l + 3)}::int[], ${p(l + 4)}::numeric[])
          WITH ORDINALITY AS line(row_id, ticket_type, name, quantity, unit_price, ord)
    ), tickets AS (
      ${ticketsInsertSql(idType, { booking: 'booking.id', event: `$1::${id}`, first: FIRST_TICKET, from: 'booking' })}
    )${
      audited
        ? `, lapsed_audit AS (
      SELECT audit_logs_append('update', '${slugs.bookings}', lapsed.id::text, NULL::${id}, NULL, NULL,
        ${p(a + 9)}::text, ${p(a + 10)}::jsonb, ${p(a + 11)}::timestamptz,
        replace(${p(a + 12)}::text, '"${EXPIRED_ID}"', to_json(lapsed.id::text)::text)) AS hash
        FROM lapsed, booking
    )`
        : ''
    }
    SELECT booking.id${
      audited
        ? `, (SELECT count(*) FROM lapsed_audit) AS lapsed_audited,
      CASE WHEN booking.id IS NOT NULL THEN audit_logs_append(${p(a)}::text, ${p(a + 1)}::text,
        booking.id::text, ${p(a + 2)}::${id}, ${p(a + 3)}::text, ${p(a + 4)}::text, ${p(a + 5)}::text,
        ${p(a + 6)}::jsonb, ${p(a + 7)}::timestamptz,
        replace(${p(a + 8)}::text, '"${BOOKING_ID}"', to_json(booking.id::text)::text)) END AS audit_hash`
        : ''
    },
      CASE WHEN booking.id IS NULL AND (EXISTS (SELECT 1 FROM claim) OR EXISTS (SELECT 1 FROM lapsed))
        THEN events_cms_refuse_booking() END AS refused
      FROM (SELECT 1) AS one LEFT JOIN booking ON true`,
  }
}

/** The contact details of whom the booking is for: the caller, or the account an admin named. */
const contactFor = async (req: PayloadRequest, user: DocId) => {
  const account: AccountDoc | null =
    req.user && String(req.user.id) === String(user)
      ? (req.user as AccountDoc)
      : ((await req.payload
          .findByID({ collection: settingsOf(req.payload).slugs.users, depth: 0, id: user, req })
          .catch(() => null)) as AccountDoc | null)
  if (!account) throw new PublicError(`User ${user} does not exist.`, 400, { field: 'user' })
  return contactSnapshotOf(account)
}

const isRefused = (error: unknown) =>
  (error as { code?: unknown }).code === BOOKING_REFUSED_SQLSTATE ||
  (error as { cause?: { code?: unknown } }).cause?.code === BOOKING_REFUSED_SQLSTATE

/**
 * Books with one statement (see bookingStatement). Prices come from the event's offer as this
 * server last read it; when the statement finds them changed, or a seat moved meanwhile, it reads
 * the offer afresh and tries once more. A refusal that the state explains is thrown as its 4xx.
 */
export const bookDirectly = async (
  req: PayloadRequest,
  request: BookingRequest,
  { audited }: { audited: boolean },
): Promise<BookingDoc> => {
  const { idType } = settingsOf(req.payload)
  const contact = await contactFor(req, request.user)
  for (let attempt = 0; attempt < 2; attempt++) {
    const offer = await eventOffer(req, request.event, { fresh: attempt > 0 })
    if (!offer)
      throw new PublicError(`Event ${request.event} does not exist.`, 404, { field: 'event' })
    const lines = priceLines(req, offer, request)
    const terms = bookingTerms(req, lines)
    const tickets = planTickets(req, await newTicketIds(req, terms.seats), lines)
    const rowIds = lines.map(() => randomBytes(12).toString('hex'))
    const now = new Date().toISOString()
    const doc: BookingDoc = {
      contactSnapshot: contact,
      createdAt: now,
      currency: offer.currency,
      event: request.event,
      expiresAt: terms.holdUntil,
      id: BOOKING_ID,
      idempotencyKey: request.idempotencyKey,
      lines: lines.map((line, index) => ({
        id: rowIds[index] ?? null,
        name: line.name,
        quantity: line.quantity,
        ticketType: line.ticketType,
        unitPrice: Number(line.unitPrice),
      })),
      paymentReference: null,
      reference: terms.reference,
      seats: terms.seats,
      status: terms.status,
      totalPrice: Number(terms.total),
      unitPrice: terms.unitPrice === null ? null : Number(terms.unitPrice),
      updatedAt: now,
      user: request.user,
    }
    const bookingValues = [
      request.user,
      terms.status,
      terms.unitPrice,
      terms.total,
      request.idempotencyKey,
      terms.reference,
      contact.name,
      contact.email,
      contact.phone,
      now,
    ]
    const lineValues = [
      rowIds,
      lines.map(({ ticketType }) => ticketType),
      lines.map(({ name }) => name),
      lines.map(({ quantity }) => quantity),
      lines.map(({ unitPrice }) => unitPrice),
    ]
    const auditValues = audited
      ? [
          ...auditAppendArgs(
            auditRowFor(req, {
              action: 'create',
              changes: diffDocuments(undefined, doc as unknown as Record<string, unknown>),
              collection: slugs.bookings,
              documentId: BOOKING_ID,
            }),
          ).filter((_, index) => index !== 2), // the booking's id comes from the insert
          ...auditAppendArgs(
            auditRowFor(req, {
              action: 'update',
              changes: { status: { from: 'pending', to: 'expired' } },
              collection: slugs.bookings,
              documentId: EXPIRED_ID,
              userId: null,
              withoutActor: true,
            }),
          ).slice(6), // origin, changes, time and content; the rest is fixed in the statement
        ]
      : []
    try {
      const [row] = await runPrepared<{ id: DocId | null }>(
        req,
        bookingStatement(idType, audited),
        [
          ...claimValues({
            currency: offer.currency,
            event: request.event,
            holdUntil: terms.holdUntil,
            lines,
            maxPerBooking: settingsOf(req.payload).bookings.maxSeatsPerBooking,
          }),
          ...bookingValues,
          ...lineValues,
          ...ticketColumns(tickets),
          ...auditValues,
        ],
      )
      if (row?.id) return { ...doc, id: row.id }
    } catch (error) {
      if (!isRefused(error)) throw error
    }
    const reason = await explainRefusal(req, request.event, lines)
    if (reason) throw reason
  }
  throw new PublicError('The seats changed while you booked; try again.', 409, { retry: true })
}
