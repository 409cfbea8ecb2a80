import { sql } from '@payloadcms/db-postgres'
import { type APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { hasRole } from '../../src/access/roles'
import type { AccountDoc, BookingDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { type DocId, idOf, parseId } from '../../src/utilities/ids'
import { transactionDb } from '../../src/utilities/transactionDb'
import { auditExpiredHolds } from './auditExpiredHolds'
import { type BookingOptions, contactSnapshotOf, idempotencyWhere } from './bookingRules'
import { PublicError } from '../../src/utilities/publicError'

type Claim = { currency: string; expired_ids: string[]; price: string; total: string }
type EventState = {
  capacity: string
  expired: string
  seats_booked: string
  start_date: string
  status: string
}

/** Explains a refused claim: the event is missing, closed, over, or short of seats. */
const refusal = async (req: PayloadRequest, eventId: DocId, seats: number): Promise<APIError> => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<EventState>(sql`
    SELECT e.status, e.start_date, e.capacity, e.seats_booked,
      (SELECT coalesce(sum(b.seats), 0) FROM bookings b
        WHERE b.event_id = e.id AND b.status = 'pending' AND b.expires_at <= now()) AS expired
    FROM events e WHERE e.id = ${eventId}
  `)
  const event = rows[0]
  if (!event) return new PublicError(`Event ${eventId} does not exist.`, 404, { field: 'event' })
  if (event.status !== 'published') {
    return new PublicError(`This event is not open for booking (status: ${event.status}).`, 409, {
      status: event.status,
    })
  }
  if (new Date(event.start_date).getTime() <= Date.now()) {
    return new PublicError('This event has already started; it can no longer be booked.', 409, {
      field: 'event',
    })
  }
  const remaining = Number(event.capacity) - Number(event.seats_booked) + Number(event.expired)
  return new PublicError(
    remaining === 0
      ? 'This event is sold out: 0 seats remain.'
      : `Not enough seats: you asked for ${seats} but only ${remaining} remain.`,
    409,
    { remaining, requested: seats },
  )
}

const contactOf = async (req: PayloadRequest, userId: DocId) => {
  const user: AccountDoc | null =
    req.user && String(req.user.id) === String(userId)
      ? (req.user as AccountDoc)
      : ((await req.payload
          .findByID({ collection: settingsOf(req.payload).slugs.users, depth: 0, id: userId, req })
          .catch(() => null)) as AccountDoc | null)
  if (!user) throw new PublicError(`User ${userId} does not exist.`, 400, { field: 'user' })
  return contactSnapshotOf(user)
}

/**
 * Creating a booking claims its seats with ONE conditional UPDATE of the event row inside the
 * request's transaction: it first expires lapsed holds of that event, then adds the seats only if
 * the event is published, upcoming and has room. Concurrent claims queue on that row lock for the
 * few milliseconds until commit, so capacity can never be exceeded; the database CHECK
 * (seats_booked <= capacity) backs it up. Price snapshots come from the same statement.
 *
 * Seat counters never touch the event's `updated_at`: it is indexed, and changing an indexed column
 * turns every claim into a non-HOT update that writes a new entry into each of the event's 14
 * indexes (GIN included). `seats_booked` is in none, so claims stay HOT updates.
 */
export const claimSeatsBeforeChange =
  (options: BookingOptions): CollectionBeforeChangeHook<BookingDoc> =>
  async ({ data, operation, req }) => {
    if (operation !== 'create') return data
    if (!req.user) throw new PublicError('Log in to book.', 401, { field: 'user' })

    const seats = data.seats
    if (typeof seats !== 'number' || !Number.isInteger(seats) || seats < 1) {
      throw new PublicError('Seats must be a whole number of at least 1.', 400, { field: 'seats' })
    }
    if (seats > options.maxSeatsPerBooking) {
      throw new PublicError(
        `At most ${options.maxSeatsPerBooking} seats can be booked at once.`,
        400,
        { field: 'seats', max: options.maxSeatsPerBooking },
      )
    }
    const { idType } = settingsOf(req.payload)
    const given = idOf(data.event)
    if (given === undefined)
      throw new PublicError('Choose the event to book ("event").', 400, { field: 'event' })
    const eventId = parseId(given, idType)
    if (eventId === undefined) {
      throw new PublicError(`"${String(given)}" is not an event id.`, 400, { field: 'event' })
    }

    // Admins may book on someone's behalf; everyone else books for themselves.
    const onBehalf = hasRole(req, 'admin') ? idOf(data.user) : undefined
    const userId = onBehalf === undefined ? req.user.id : parseId(onBehalf, idType)
    if (userId === undefined) {
      throw new PublicError(`"${String(onBehalf)}" is not a user id.`, 400, { field: 'user' })
    }

    if (data.idempotencyKey) {
      const { docs } = await req.payload.find({
        collection: slugs.bookings,
        depth: 0,
        limit: 1,
        pagination: false,
        req,
        select: {},
        where: idempotencyWhere(userId, data.idempotencyKey),
      })
      if (docs[0]) {
        throw new PublicError(
          `You already made booking ${docs[0].id} with this idempotencyKey.`,
          409,
          { bookingId: docs[0].id },
        )
      }
    }

    // The hold's end, set in the claim too: reads know without a query when a hold may lapse.
    const holdUntil = new Date(Date.now() + options.holdMinutes * 60_000)
    const db = await transactionDb(req)
    const { rows } = await db.execute<Claim>(sql`
      WITH expired AS (
        UPDATE bookings SET status = 'expired', updated_at = now()
        WHERE event_id = ${eventId} AND status = 'pending' AND expires_at <= now()
        RETURNING id, seats
      ), freed AS (
        SELECT coalesce(sum(seats), 0) AS seats, coalesce(array_agg(id::text), '{}') AS ids FROM expired
      )
      UPDATE events e SET seats_booked = e.seats_booked - freed.seats + ${seats},
        next_hold_expiry = CASE WHEN e.price = 0 THEN e.next_hold_expiry
          ELSE LEAST(e.next_hold_expiry, ${holdUntil.toISOString()}::timestamptz) END
      FROM freed
      WHERE e.id = ${eventId} AND e.status = 'published' AND e.start_date > now()
        AND e.seats_booked - freed.seats + ${seats} <= e.capacity
      RETURNING e.price::text AS price, e.currency, (e.price * ${seats})::text AS total,
        freed.ids AS expired_ids
    `)
    const claim = rows[0]
    if (!claim) throw await refusal(req, eventId, seats)
    await auditExpiredHolds(req, claim.expired_ids)

    const free = Number(claim.price) === 0
    return {
      ...data,
      contactSnapshot: await contactOf(req, userId),
      currency: claim.currency,
      event: eventId,
      expiresAt: free ? null : holdUntil.toISOString(),
      status: free ? 'confirmed' : 'pending',
      totalPrice: Number(claim.total),
      unitPrice: Number(claim.price),
      user: userId,
    }
  }
