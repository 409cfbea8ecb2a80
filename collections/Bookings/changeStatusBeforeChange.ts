import { sql } from '@payloadcms/db-postgres'
import { type CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../../src/access/roles'
import { settingsOf } from '../../src/settings'
import type { BookingDoc } from '../../src/documents'
import { idOf, sameId } from '../../src/utilities/ids'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { type TransactionDb, transactionDb } from '../../src/utilities/transactionDb'
import { validHoldSql, type BookingStatus, isActive, transitionRule } from './bookingRules'
import { endBooking } from './endBooking'
import { refundBookings } from '../Payments/refunds'
import { PublicError } from '../../src/utilities/publicError'

/**
 * A customer cancels a confirmed booking until the event's cut-off (`cancellationCutoffHours`
 * before its start; none: until the start). Admins may cancel later (organizers do not change
 * bookings: bookingAccess); an unpaid hold may always be let go.
 */
const refuseAfterCutoff = async (db: TransactionDb, booking: BookingDoc) => {
  const { rows } = await db.execute<{ closed: boolean; closes: string }>(sql`
    SELECT to_char(closes_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') AS closes,
           now() >= closes_at AS closed
      FROM (SELECT start_date - make_interval(hours => coalesce(cancellation_cutoff_hours, 0)::int)
                   AS closes_at
              FROM events WHERE id = ${idOf(booking.event) ?? null}) AS event`)
  const row = rows[0]
  if (row?.closed) {
    throw new PublicError(
      `Cancellations for this event closed at ${row.closes}; contact the organizer.`,
      409,
      { closes: row.closes, field: 'status' },
    )
  }
}

/**
 * Updates may only move a booking along its lifecycle. A change that ends a booking (cancel,
 * refund) frees its seats, the event's and every line's ticket type's, in the same statement that
 * flips the status, conditioned on the old status, so two concurrent cancels cannot free the seats
 * twice.
 */
export const changeStatusBeforeChange: CollectionBeforeChangeHook<BookingDoc> = builtByPlugin(
  async ({ data, operation, originalDoc, req }) => {
    if (operation !== 'update' || !originalDoc) return data

    const changed = {
      event: data.event !== undefined && !sameId(data.event, originalDoc.event),
      seats: data.seats !== undefined && data.seats !== originalDoc.seats,
      user: data.user !== undefined && !sameId(data.user, originalDoc.user),
    }
    for (const field of ['event', 'seats', 'user'] as const) {
      if (changed[field]) {
        throw new PublicError(
          `"${field}" cannot change after booking; cancel and book again instead.`,
          400,
          { field },
        )
      }
    }

    const from = originalDoc.status as BookingStatus
    const to = (data.status ?? from) as BookingStatus
    if (to === from) return data

    const rule = transitionRule(from, to)
    if (!rule) {
      throw new PublicError(`A ${from} booking cannot become ${to}.`, 409, { from, to })
    }
    if (rule === 'admin' && !hasRole(req, 'admin')) {
      throw new PublicError(`Only an admin can mark a booking ${to}.`, 403, { from, to })
    }

    const db = await transactionDb(req)
    if (to === 'cancelled' && from === 'confirmed' && !hasRole(req, 'admin')) {
      await refuseAfterCutoff(db, originalDoc)
    }
    if (to === 'refunded' && settingsOf(req.payload).parts.payments) {
      // Money moves through the refund endpoint, which marks the booking refunded once it is back.
      const { rows: paid } = await db.execute<{ left: string }>(sql`
        SELECT sum(amount_paid - amount_refunded)::text AS left FROM payments
         WHERE booking_id = ${originalDoc.id} AND status = 'succeeded' HAVING sum(amount_paid - amount_refunded) > 0`)
      if (paid[0]) {
        throw new PublicError(
          `${paid[0].left} paid for this booking is not refunded yet: use POST /api/bookings/${originalDoc.id}/refund.`,
          409,
          { left: paid[0].left },
        )
      }
    }
    if (isActive(from) && !isActive(to)) {
      if (!(await endBooking(db, originalDoc.id, to as 'cancelled' | 'refunded'))) {
        throw new PublicError('This booking was already ended by another request.', 409, {
          from,
          to,
        })
      }
      // A cancelled booking keeps no money: what was paid goes back (queued in this transaction,
      // sent by the refund job), as for a payment that arrives after a cancel.
      if (to === 'cancelled' && settingsOf(req.payload).parts.payments) {
        await refundBookings(req, [String(originalDoc.id)], 'the booking was cancelled')
      }
      return { ...data, expiresAt: null }
    }

    // pending -> confirmed: only while the hold is still valid.
    const { rows } = await db.execute<{ id: string }>(sql`
    UPDATE bookings SET status = 'confirmed', expires_at = NULL, updated_at = now()
    WHERE id = ${originalDoc.id} AND ${sql.raw(validHoldSql())}
    RETURNING id
  `)
    if (!rows[0]) throw new PublicError('This hold has expired; book again.', 409, { from, to })
    return { ...data, expiresAt: null }
  },
)
