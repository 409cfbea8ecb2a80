import { sql } from '@payloadcms/db-postgres'
import type { FieldHook, PayloadRequest } from 'payload'

import { lapsedHoldSql, publishedEventSql } from '../../src/db/conditions'
import type { EventDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { batchPerRequest } from '../../src/utilities/batchPerRequest'
import { type IdType, pgIdType } from '../../src/utilities/ids'
import type { PreparedStatement } from '../../src/utilities/preparedQuery'
import { pgArray } from '../../src/utilities/sqlValues'
import { transactionDb } from '../../src/utilities/transactionDb'

/**
 * Seats held by lapsed holds (pending bookings past `expires_at`) still count in an event's
 * `seats_booked` until the expiry job frees them (every minute) or the next claim on that event
 * does. They are bookable already, so every read subtracts them: `seatsBooked` and
 * `seatsAvailable` never under-report what can be booked.
 *
 * The event row's `next_hold_expiry` says when the first of its pending holds may lapse (never
 * later than the truth: claims lower it, the expiry job recomputes it), so a read needs no query at
 * all unless that moment has passed.
 */

/** An event row's seats booked without lapsed holds, as SQL over the row `alias` (one statement). */
export const liveSeatsBookedSql = (alias: string): string =>
  `(${alias}.seats_booked - CASE WHEN ${alias}.next_hold_expiry <= now() THEN (
    SELECT coalesce(sum(b.seats), 0) FROM bookings b
    WHERE b.event_id = ${alias}.id AND ${lapsedHoldSql('b')}) ELSE 0 END)`

/** One published event's live seats booked (`$1`: its id). */
export const publishedEventSeats = (idType: IdType): PreparedStatement => ({
  name: `events_cms_event_seats_${idType}`,
  text: `SELECT ${liveSeatsBookedSql('e')}::float8 AS booked FROM events e
    WHERE e.id = $1::${pgIdType(idType)} AND ${publishedEventSql('e')}`,
})

/** Several events' capacity and live seats booked (`$1`: their ids), for a list. */
export const eventsSeats = (idType: IdType): PreparedStatement => ({
  name: `events_cms_event_list_seats_${idType}`,
  text: `SELECT e.id::text AS id, e.capacity::float8 AS capacity,
      ${liveSeatsBookedSql('e')}::float8 AS booked
    FROM events e WHERE e.id = ANY($1::${pgIdType(idType)}[])`,
})

/** What is left to book. */
export const seatsLeft = (capacity: number, seatsBooked: number): number =>
  Math.max(0, capacity - seatsBooked)

/** Lapsed seats of the events one request reads, in one query for all of them. */
const lapsedSeats = batchPerRequest<number>(async (req, ids) => {
  const db = await transactionDb(req)
  // One array parameter (ids are document ids read from the database, never client text).
  const { rows } = await db.execute<{ event_id: string; seats: number }>(sql`
    SELECT event_id::text, sum(seats)::float8 AS seats FROM bookings
    WHERE event_id = ANY(${pgArray(ids)}::${sql.raw(pgIdType(settingsOf(req.payload).idType))}[])
      AND ${sql.raw(lapsedHoldSql('bookings'))}
    GROUP BY event_id`)
  return new Map(rows.map(({ event_id, seats }) => [event_id, seats]))
})

type EventRow = Pick<EventDoc, 'id' | 'seatsBooked'> & { nextHoldExpiry?: null | string }
const memo = new WeakMap<object, number | Promise<number>>()

/**
 * The seats booked of an event document being read, without lapsed holds. Reads `nextHoldExpiry`
 * at once: it is a hidden field, which Payload removes when it reaches it in field order, after
 * `seatsBooked` and `seatsAvailable`. Without it (a `select` that left it out) we ask PostgreSQL.
 */
const liveSeatsBooked = (req: PayloadRequest, row: EventRow): number | Promise<number> => {
  const known = memo.get(row)
  if (known !== undefined) return known
  const booked = row.seatsBooked ?? 0
  const lapseFrom = row.nextHoldExpiry
  const value =
    booked === 0 || lapseFrom === null || (lapseFrom && Date.parse(lapseFrom) > Date.now())
      ? booked
      : lapsedSeats(req, row.id).then((lapsed = 0) => Math.max(0, booked - lapsed))
  memo.set(row, value)
  return value
}

/** `seatsBooked` as read: the counter without lapsed holds. */
export const seatsBookedAfterRead: FieldHook<EventDoc, number | null | undefined> = ({
  req,
  siblingData,
  value,
}) =>
  typeof value === 'number' && siblingData.id !== undefined
    ? liveSeatsBooked(req, siblingData as EventRow)
    : value

/** Virtual: what is left to book. No query unless a hold of this event may have lapsed. */
export const seatsAvailableAfterRead: FieldHook<EventDoc, number | null | undefined> = async ({
  req,
  siblingData,
}) =>
  typeof siblingData.capacity === 'number' && siblingData.id !== undefined
    ? seatsLeft(siblingData.capacity, await liveSeatsBooked(req, siblingData as EventRow))
    : null
