import { sql } from '@payloadcms/db-postgres'
import type { FieldHook, PayloadRequest } from 'payload'

import { lapsedHoldSql } from '../Bookings/bookingRules'
import { liveSeatsBookedSql, seatsLeft } from '../Events/liveSeats'
import type { TicketTypeDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { batchPerRequest } from '../../src/utilities/batchPerRequest'
import { pgIdType } from '../../src/utilities/ids'
import { pgArray } from '../../src/utilities/sqlValues'
import { transactionDb } from '../../src/utilities/transactionDb'

/** A ticket type's live seats booked, and what its event has left (both without lapsed holds). */
export type LiveTypeSeats = { booked: number; eventLeft: number }

/**
 * A ticket type row's (`type`) seats booked without lapsed holds, as SQL; `event` is its event's
 * row. Only when a hold of the event may have lapsed (its `next_hold_expiry`, never later than the
 * truth) are the event's lapsed holds summed, through the pending-hold index of the event: the
 * type's lines alone can be tens of thousands (a whole read took 139 ms on the bench data).
 */
export const liveTypeSeatsBookedSql = (type: string, event: string): string =>
  `(${type}.seats_booked - CASE WHEN ${event}.next_hold_expiry <= now() THEN coalesce((
    SELECT sum(l.quantity) FROM bookings b JOIN bookings_lines l ON l._parent_id = b.id
     WHERE b.event_id = ${type}.event_id AND ${lapsedHoldSql('b')} AND l.ticket_type_id = ${type}.id
  ), 0) ELSE 0 END)`

/**
 * A ticket type's seats as they can be booked now: its counter without lapsed holds, and what its
 * event has left without them (the event's capacity binds every type).
 */
export const liveSeatsOf = batchPerRequest<LiveTypeSeats>(async (req, ids) => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ booked: number; event_left: number; id: string }>(sql`
    SELECT t.id::text AS id, ${sql.raw(liveTypeSeatsBookedSql('t', 'e'))}::float8 AS booked,
           (e.capacity - ${sql.raw(liveSeatsBookedSql('e'))})::float8 AS event_left
      FROM ticket_types t JOIN events e ON e.id = t.event_id
     WHERE t.id = ANY(${pgArray(ids)}::${sql.raw(pgIdType(settingsOf(req.payload).idType))}[])`)
  return new Map(rows.map(({ booked, event_left, id }) => [id, { booked, eventLeft: event_left }]))
})

/** `seatsBooked` as read: the counter without lapsed holds. */
export const typeSeatsBookedAfterRead: FieldHook<
  TicketTypeDoc,
  number | null | undefined
> = async ({ req, siblingData, value }) =>
  typeof value === 'number' && value > 0 && siblingData.id !== undefined
    ? ((await liveSeatsOf(req, siblingData.id))?.booked ?? value)
    : value

/** Virtual: what can be booked of this type now (its own limit and its event's, the smaller). */
export const typeSeatsAvailableAfterRead: FieldHook<
  TicketTypeDoc,
  number | null | undefined
> = async ({ req, siblingData }) => {
  if (siblingData.id === undefined) return null
  const live = await liveSeatsOf(req, siblingData.id)
  return live ? typeSeatsLeft(siblingData.capacity, live) : null
}

/** What can be booked of a type: its own limit and its event's, the smaller. */
const typeSeatsLeft = (capacity: null | number | undefined, live: LiveTypeSeats): number =>
  Math.max(
    0,
    Math.min(
      typeof capacity === 'number' ? seatsLeft(capacity, live.booked) : Number.POSITIVE_INFINITY,
      live.eventLeft,
    ),
  )

/**
 * A ticket type read earlier (the public cache) with its seats as they are now, as the two hooks
 * above would give them (one statement for all the types one request reads).
 */
export const withLiveTypeSeats = async (
  req: PayloadRequest,
  type: TicketTypeDoc,
): Promise<TicketTypeDoc> => withTypeSeats(type, await liveSeatsOf(req, type.id))

/** A ticket type read earlier with the seats `live` says it has now (undefined: not found). */
export const withTypeSeats = (
  type: TicketTypeDoc,
  live: LiveTypeSeats | undefined,
): TicketTypeDoc => {
  const counted = 'seatsBooked' in type && typeof type.seatsBooked === 'number'
  return {
    ...type,
    ...(counted && live ? { seatsBooked: live.booked } : {}),
    ...('seatsAvailable' in type
      ? { seatsAvailable: live ? typeSeatsLeft(type.capacity, live) : null }
      : {}),
  }
}
