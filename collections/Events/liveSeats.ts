import { sql } from '@payloadcms/db-postgres'
import type { FieldHook, Payload, PayloadRequest } from 'payload'

import { lapsedHoldSql, publishedEventSql } from '../../src/db/conditions'
import type { EventDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { batchPerRequest } from '../../src/utilities/batchPerRequest'
import { type DocId, type IdType, pgIdType } from '../../src/utilities/ids'
import { type PreparedStatement, runPrepared } from '../../src/utilities/preparedQuery'
import { pgArray } from '../../src/utilities/sqlValues'
import { transactionDb } from '../../src/utilities/transactionDb'
import { expireHoldsSoon } from '../Bookings/expireHoldsSoon'

/**
 * Seats held by lapsed holds (pending bookings past `expires_at`) still count in an event's
 * `seats_booked` until the expiry job frees them (every minute) or the next claim on that event
 * does. They are bookable already, so every read subtracts them: `seatsBooked` and
 * `seatsAvailable` never under-report what can be booked.
 *
 * The event row's `next_hold_expiry` says when the first of its pending holds may lapse (never
 * later than the truth: claims lower it, the expiry job recomputes it), so a read needs no query at
 * all unless that moment has passed. A read that had to subtract many lapsed seats asks for them
 * to be expired at once (../Bookings/expireHoldsSoon.ts), so the reads after it need no sum.
 */

/** An event row's seats booked without lapsed holds, as SQL over the row `alias` (one statement). */
export const liveSeatsBookedSql = (alias: string): string =>
  `(${alias}.seats_booked - CASE WHEN ${alias}.next_hold_expiry <= now() THEN (
    SELECT coalesce(sum(b.seats), 0) FROM bookings b
    WHERE b.event_id = ${alias}.id AND ${lapsedHoldSql('b')}) ELSE 0 END)`

/** Live seats of events (`$1`: their ids): the batched read of `liveEventSeats`. */
const eventsSeats = (idType: IdType): PreparedStatement => ({
  name: `events_cms_events_seats_v3_${idType}`,
  text: `SELECT e.id::text AS id, e.capacity::float8 AS capacity,
      ${liveSeatsBookedSql('e')}::float8 AS booked, e.seats_booked::float8 AS counted,
      ${publishedEventSql('e')} AS published
    FROM events e WHERE e.id = ANY($1::${pgIdType(idType)}[])`,
})

/** An event's capacity and live seats booked (`counted`: its counter, lapsed holds included). */
export type LiveSeatsRow = {
  booked: number
  capacity: number
  counted: number
  id: string
  published: boolean
}

const seatBatches = new WeakMap<
  object,
  { ids: Set<string>; read: Promise<Map<string, LiveSeatsRow>> }
>()

/**
 * An event's live seats (undefined when there is no such event), read for every request of one
 * turn of the event loop with one statement: under load, many cached reads (event detail, lists,
 * search) share one round trip. Each batch is read after every request in it arrived, so a
 * visitor's read after their own booking sees it. Outside any transaction: anonymous reads only.
 */
export const liveEventSeats = (payload: Payload, id: DocId): Promise<LiveSeatsRow | undefined> => {
  let batch = seatBatches.get(payload)
  if (!batch) {
    const ids = new Set<string>()
    const read = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      seatBatches.delete(payload)
      const rows = await runPrepared<LiveSeatsRow>(
        { payload },
        eventsSeats(settingsOf(payload).idType),
        [pgArray([...ids])],
      )
      expireHoldsSoon(
        payload,
        rows.map(({ booked, counted, id: event }) => [event, counted - booked] as const),
      )
      return new Map(rows.map((row) => [row.id, row]))
    })
    batch = { ids, read }
    seatBatches.set(payload, batch)
  }
  batch.ids.add(String(id))
  return batch.read.then((rows) => rows.get(String(id)))
}

/** A published event's live seats booked (undefined when it is not published). */
export const publishedSeatsBooked = async (
  payload: Payload,
  id: DocId,
): Promise<number | undefined> => {
  const row = await liveEventSeats(payload, id)
  return row?.published ? row.booked : undefined
}

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
  const lapsed = new Map(rows.map(({ event_id, seats }) => [event_id, seats]))
  expireHoldsSoon(req.payload, lapsed)
  return lapsed
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
