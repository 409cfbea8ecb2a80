import { sql } from '@payloadcms/db-postgres'

import { activeBookingSql, type BookingStatus, releaseTypeSeatsCte } from './bookingRules'

import type { transactionDb } from '../../src/utilities/transactionDb'

type Db = Awaited<ReturnType<typeof transactionDb>>

/**
 * Ends an active booking (cancelled, refunded) and frees its seats, the event's and every line's
 * ticket type's, in the statement that flips the status, conditioned on it being active: two
 * concurrent ends (a cancel and a refund, two refunds) cannot free the seats twice. False: the
 * booking was not active (any more).
 */
export const endBooking = async (
  db: Db,
  id: number | string,
  to: Extract<BookingStatus, 'cancelled' | 'refunded'>,
): Promise<boolean> => {
  // Lock order bookings -> event -> ticket types, as every claim takes them (claimSql.ts).
  const { rows } = await db.execute<{ event_id: string }>(sql`
    WITH ended AS (
      UPDATE bookings b SET status = ${to}, expires_at = NULL, updated_at = now()
      WHERE b.id = ${id} AND ${sql.raw(activeBookingSql('b'))}
      RETURNING b.id, b.event_id, b.seats
    ), released AS (
      UPDATE events e SET seats_booked = e.seats_booked - ended.seats
      FROM ended WHERE e.id = ended.event_id
      RETURNING e.id
    ), ${sql.raw(releaseTypeSeatsCte('ended', 'released'))}
    SELECT released.id AS event_id, (SELECT count(*) FROM released_types) AS types FROM released
  `)
  return rows.length > 0
}
