import { sql } from '@payloadcms/db-postgres'
import { type CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../../src/access/roles'
import type { BookingDoc } from '../../src/documents'
import { sameId } from '../../src/utilities/ids'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { transactionDb } from '../../src/utilities/transactionDb'
import {
  activeBookingSql,
  validHoldSql,
  type BookingStatus,
  isActive,
  releaseTypeSeatsCte,
  transitionRule,
} from './bookingRules'
import { PublicError } from '../../src/utilities/publicError'

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
    if (isActive(from) && !isActive(to)) {
      // Lock order bookings -> event -> ticket types, as every claim takes them (claimSql.ts).
      const { rows } = await db.execute<{ event_id: string }>(sql`
      WITH ended AS (
        UPDATE bookings b SET status = ${to}, updated_at = now()
        WHERE b.id = ${originalDoc.id} AND ${sql.raw(activeBookingSql('b'))}
        RETURNING b.id, b.event_id, b.seats
      ), released AS (
        UPDATE events e SET seats_booked = e.seats_booked - ended.seats
        FROM ended WHERE e.id = ended.event_id
        RETURNING e.id
      ), ${sql.raw(releaseTypeSeatsCte('ended', 'released'))}
      SELECT released.id AS event_id, (SELECT count(*) FROM released_types) AS types FROM released
    `)
      if (!rows[0])
        throw new PublicError('This booking was already ended by another request.', 409, {
          from,
          to,
        })
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
