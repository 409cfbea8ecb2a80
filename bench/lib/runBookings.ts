/**
 * The bookings a benchmark run made are removed when it ends, so every run measures the same data.
 * Without this each full run added ~15,000 bookings to the 50 bench accounts that book: after a
 * day of runs each had ~2,200 instead of ~100, and the customer's bookings row counted all of them.
 */
import type pg from 'pg'

/**
 * Deletes the bookings created since `since` (with their lines and tickets, and the mail and jobs
 * they queued) and sets the seat counters of their events and ticket types to what is left, in
 * one transaction: the deferred check that a booking's tickets match its seats then sees the
 * booking gone, not a booking without tickets.
 */
export const removeRunBookings = async (pool: pg.Pool, since: Date): Promise<number> => {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(
      `CREATE TEMP TABLE run_bookings ON COMMIT DROP AS
         SELECT id, event_id FROM bookings WHERE created_at >= $1`,
      [since],
    )
    await client.query(`DELETE FROM tickets WHERE booking_id IN (SELECT id FROM run_bookings)`)
    const { rowCount } = await client.query(
      `DELETE FROM bookings WHERE id IN (SELECT id FROM run_bookings)`,
    )
    await client.query(
      `UPDATE events e SET
         seats_booked = (SELECT coalesce(sum(seats), 0) FROM bookings
                          WHERE event_id = e.id AND status IN ('pending', 'confirmed')),
         next_hold_expiry = (SELECT min(expires_at) FROM bookings
                              WHERE event_id = e.id AND status = 'pending')
       WHERE e.id IN (SELECT event_id FROM run_bookings)`,
    )
    await client.query(
      `UPDATE ticket_types t SET seats_booked = (
         SELECT coalesce(sum(l.quantity), 0) FROM bookings_lines l JOIN bookings b ON b.id = l._parent_id
          WHERE l.ticket_type_id = t.id AND b.status IN ('pending', 'confirmed'))
       WHERE t.event_id IN (SELECT event_id FROM run_bookings)`,
    )
    await client.query(`DELETE FROM mails WHERE created_at >= $1`, [since])
    await client.query(`DELETE FROM payload_jobs WHERE created_at >= $1`, [since])
    await client.query('COMMIT')
    return rowCount ?? 0
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
}
