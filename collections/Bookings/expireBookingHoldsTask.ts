import { sql } from '@payloadcms/db-postgres'
import type { TaskConfig } from 'payload'

import { auditExpiredHolds } from './auditExpiredHolds'
import { AUDIT_ORIGIN } from '../../src/audit/requestInfo'
import { transactionDb } from '../../src/utilities/transactionDb'

export const EXPIRE_HOLDS_TASK = 'expireBookingHolds'

/**
 * Marks lapsed pending holds `expired` and gives their seats back, in one statement. Idempotent:
 * only rows still `pending` change, so a second run (or two workers at once, which the 3.x queue
 * allows) frees nothing twice. Bookings themselves already ignore lapsed holds when claiming.
 */
export const expireBookingHoldsTask: TaskConfig<{ input: object; output: { expired: number } }> = {
  slug: EXPIRE_HOLDS_TASK,
  handler: async ({ req }) => {
    const db = await transactionDb(req)
    const { rows } = await db.execute<{ ids: string[] }>(sql`
      WITH expired AS (
        UPDATE bookings SET status = 'expired', updated_at = now()
        WHERE status = 'pending' AND expires_at <= now()
        RETURNING id, event_id, seats
      ), per_event AS (
        SELECT event_id, sum(seats) AS seats FROM expired GROUP BY event_id
      ), freed AS (
        UPDATE events e SET seats_booked = e.seats_booked - per_event.seats
        FROM per_event WHERE e.id = per_event.event_id
        RETURNING e.id
      )
      SELECT coalesce(array_agg(id::text), '{}') AS ids FROM expired
    `)
    const ids = rows[0]?.ids ?? []
    req.context[AUDIT_ORIGIN] = 'job'
    await auditExpiredHolds(req, ids)
    return { output: { expired: ids.length } }
  },
  outputSchema: [{ name: 'expired', type: 'number', required: true }],
  retries: 2,
}
