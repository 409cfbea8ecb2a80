import { type IdType, pgIdType } from '../../../src/utilities/ids'
import { lapsedHoldSql } from '../bookingRules'
import type { PricedLine } from './priceLines'
import { publishedEventSql } from '../../../src/db/conditions'

/** Parameters $1-$10 of every statement that starts with `claimCtes`. */
export const CLAIM_PARAMETERS = 10

/**
 * THE seat claim, shared by every way to book (the one-statement path and Payload's create): as
 * CTEs ending in `claimed`, which holds the event's id (and the lapsed holds it released) only when
 * every seat was claimed. In one statement, in lock order bookings -> event -> ticket types
 * (each step needs the one before it, so the order is data flow, not chance):
 * 1. the event's lapsed holds become `expired`, and their seats (and their types') are freed;
 * 2. the event's counter takes the booking's seats if the event is published, upcoming, has room
 *    and still has the currency and price the lines were priced with;
 * 3. each ticket type's counter takes its line's quantity if the type is this event's, on sale,
 *    at that price, within its least/most per booking, allowed when hidden, and has room.
 * PostgreSQL's CHECKs on both counters back the capacity conditions up. A claim that did not
 * take everything leaves `claimed` empty: the caller must then undo what it did (roll back).
 *
 * $1 event, $2 seats, $3 hold expiry (null: free), $4 currency, $5 the event's own price (null:
 * no line at it), $6-$9 the typed lines' ids, quantities, prices and whether hidden types are
 * allowed, $10 the largest booking.
 */
export const claimCtes = (idType: IdType): string => {
  const id = pgIdType(idType)
  return `WITH lapsed AS (
      UPDATE bookings b SET status = 'expired', updated_at = now()
       WHERE b.event_id = $1::${id} AND ${lapsedHoldSql('b')}
      RETURNING b.id, b.seats
    ), lapsed_types AS (
      SELECT l.ticket_type_id AS id, sum(l.quantity)::int AS quantity
        FROM bookings_lines l JOIN lapsed ON l._parent_id = lapsed.id
       WHERE l.ticket_type_id IS NOT NULL GROUP BY l.ticket_type_id
    ), freed AS (
      SELECT coalesce(sum(seats), 0)::int AS seats, coalesce(array_agg(id::text), '{}') AS ids FROM lapsed
    ), claim AS (
      UPDATE events e SET seats_booked = e.seats_booked - freed.seats + $2::int,
             next_hold_expiry = LEAST(e.next_hold_expiry, $3::timestamptz)
        FROM freed
       WHERE e.id = $1::${id} AND ${publishedEventSql('e')} AND e.start_date > now()
         AND e.seats_booked - freed.seats + $2::int <= e.capacity
         AND e.currency IS NOT DISTINCT FROM $4::varchar
         AND ($5::numeric IS NULL OR e.price = $5::numeric)
      RETURNING e.id, freed.ids AS expired_ids
    ), wanted AS (
      SELECT * FROM unnest($6::${id}[], $7::int[], $8::numeric[], $9::bool[]) AS w(id, quantity, price, allowed)
    ), moved AS (
      SELECT coalesce(w.id, lt.id) AS id, w.quantity, w.price, w.allowed, coalesce(lt.quantity, 0) AS freed
        FROM wanted w FULL JOIN lapsed_types lt ON lt.id = w.id
    ), types AS (
      UPDATE ticket_types t SET seats_booked = t.seats_booked - moved.freed + coalesce(moved.quantity, 0)
        FROM claim, moved
       WHERE t.id = moved.id AND t.event_id = claim.id
         AND (moved.quantity IS NULL OR (
               t.price = moved.price AND (NOT t.hidden OR moved.allowed)
           AND (t.sales_open_at IS NULL OR t.sales_open_at <= now())
           AND (t.sales_close_at IS NULL OR t.sales_close_at > now())
           AND moved.quantity >= t.min_per_booking
           AND moved.quantity <= coalesce(t.max_per_booking, $10::int)
           AND (t.capacity IS NULL OR t.seats_booked - moved.freed + moved.quantity <= t.capacity)))
      RETURNING t.id, moved.quantity
    ), claimed AS (
      SELECT claim.id, claim.expired_ids FROM claim
       WHERE (SELECT count(*) FROM types WHERE quantity IS NOT NULL) = cardinality($6::${id}[])
    )`
}

/** The values of $1-$10 for a booking of `lines`. */
export const claimValues = ({
  currency,
  event,
  holdUntil,
  lines,
  maxPerBooking,
}: {
  currency: null | string
  event: number | string
  holdUntil: null | string
  lines: PricedLine[]
  maxPerBooking: number
}): unknown[] => {
  const typed = lines.filter((line) => line.ticketType !== null)
  const own = lines.find((line) => line.ticketType === null)
  return [
    event,
    lines.reduce((sum, { quantity }) => sum + quantity, 0),
    holdUntil,
    currency,
    own ? own.unitPrice : null,
    typed.map(({ ticketType }) => ticketType),
    typed.map(({ quantity }) => quantity),
    typed.map(({ unitPrice }) => unitPrice),
    typed.map(({ allowed }) => allowed),
    maxPerBooking,
  ]
}
