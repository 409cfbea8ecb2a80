import { sql } from '@payloadcms/db-postgres'
import type { FieldHook } from 'payload'

import { lapsedHoldSql } from '../Bookings/bookingRules'
import { liveSeatsBookedSql, seatsLeft } from '../Events/liveSeats'
import type { TicketTypeDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { batchPerRequest } from '../../src/utilities/batchPerRequest'
import { pgIdType } from '../../src/utilities/ids'
import { pgArray } from '../../src/utilities/sqlValues'
import { transactionDb } from '../../src/utilities/transactionDb'

type Live = { booked: number; eventLeft: number }

/**
 * A ticket type's seats as they can be booked now: its counter without lapsed holds, and what its
 * event has left without them (the event's capacity binds every type).
 */
const liveSeatsOf = batchPerRequest<Live>(async (req, ids) => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ booked: number; event_left: number; id: string }>(sql`
    SELECT t.id::text AS id,
           (t.seats_booked - coalesce((
             SELECT sum(l.quantity) FROM bookings_lines l JOIN bookings b ON b.id = l._parent_id
              WHERE l.ticket_type_id = t.id AND ${sql.raw(lapsedHoldSql('b'))}), 0))::float8 AS booked,
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
  if (!live) return null
  const own =
    typeof siblingData.capacity === 'number'
      ? seatsLeft(siblingData.capacity, live.booked)
      : Number.POSITIVE_INFINITY
  return Math.max(0, Math.min(own, live.eventLeft))
}
