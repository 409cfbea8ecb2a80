import { sql } from '@payloadcms/db-postgres'
import type { TaskConfig } from 'payload'

import { auditExpiredHolds } from './auditExpiredHolds'
import { lapsedHoldSql, releaseTypeSeatsCte, validHoldSql } from './bookingRules'
import { AUDIT_ORIGIN } from '../../src/audit/requestInfo'
import { settingsOf } from '../../src/settings'
import { transactionDb } from '../../src/utilities/transactionDb'
import { expireAppointmentHolds } from '../Appointments/expireAppointmentHolds'
import { releaseStalledMailJobs } from '../Mails/releaseStalledMailJobs'

export const EXPIRE_HOLDS_TASK = 'expireBookingHolds'

/**
 * Marks lapsed pending holds `expired` (bookings and appointments) and gives their seats back (the event's and their ticket
 * types'), and sets each touched event's
 * `next_hold_expiry` to its next pending hold, in one statement. Idempotent:
 * only rows still `pending` change, so a second run (or two workers at once, which the 3.x queue
 * allows) frees nothing twice. Bookings themselves already ignore lapsed holds when claiming.
 */
export const expireBookingHoldsTask: TaskConfig<{ input: object; output: { expired: number } }> = {
  slug: EXPIRE_HOLDS_TASK,
  handler: async ({ req }) => {
    const db = await transactionDb(req)
    const { rows } = await db.execute<{ ids: string[] }>(sql`
      WITH expired AS (
        UPDATE bookings b SET status = 'expired', updated_at = now()
        WHERE ${sql.raw(lapsedHoldSql('b'))}
        RETURNING b.id, b.event_id, b.seats
      ), per_event AS (
        SELECT event_id, sum(seats) AS seats FROM expired GROUP BY event_id
      ), touched AS (
        SELECT event_id AS id FROM per_event
        UNION SELECT id FROM events WHERE next_hold_expiry <= now()
      ), freed AS (
        -- The statement's snapshot still shows the holds it expires as pending: only holds that
        -- have not lapsed count for the next expiry.
        UPDATE events e SET seats_booked = e.seats_booked - coalesce(per_event.seats, 0),
          next_hold_expiry = (SELECT min(b.expires_at) FROM bookings b
            WHERE b.event_id = e.id AND ${sql.raw(validHoldSql('b'))})
        FROM touched LEFT JOIN per_event ON per_event.event_id = touched.id
        WHERE e.id = touched.id
        RETURNING e.id
      ), ${sql.raw(releaseTypeSeatsCte('expired', 'freed'))}
      SELECT coalesce(array_agg(id::text), '{}') AS ids,
        (SELECT count(*) FROM released_types) AS types FROM expired
    `)
    const ids = rows[0]?.ids ?? []
    req.context[AUDIT_ORIGIN] = 'job'
    await auditExpiredHolds(req, ids)
    // The plugin's minute housekeeping: mail jobs a killed runner left `processing` go back.
    if (settingsOf(req.payload).parts.mail) await releaseStalledMailJobs(req.payload)
    const appointments = settingsOf(req.payload).parts.appointments
      ? await expireAppointmentHolds(req)
      : []
    return { output: { expired: ids.length + appointments.length } }
  },
  outputSchema: [{ name: 'expired', type: 'number', required: true }],
  retries: 2,
}
