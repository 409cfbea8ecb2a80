import { sql } from '@payloadcms/db-postgres'
import type { CollectionAfterChangeHook } from 'payload'

import { activeBookingSql } from '../../src/db/conditions'
import type { EventDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { transactionDb } from '../../src/utilities/transactionDb'
import { auditStatusChanges } from '../Bookings/auditExpiredHolds'
import { releaseTypeSeatsCte } from '../Bookings/bookingRules'
import { refundBookings } from '../Payments/refunds'

/**
 * An event the organizer cancels takes its bookings with it: every active booking is cancelled,
 * its seats (the event's and its ticket types') given back, in the transaction of the save, and
 * audited. The database queues each holder's "event cancelled" mail with the calendar
 * cancellation (src/db/mailRulesSql.ts), and what they paid is refunded in full (the refund jobs
 * run once the save commits).
 */
export const cancelBookingsAfterChange: CollectionAfterChangeHook<EventDoc> = builtByPlugin(
  async ({ doc, operation, previousDoc, req }) => {
    if (operation !== 'update' || doc.status !== 'cancelled' || previousDoc?.status === 'cancelled')
      return doc
    const db = await transactionDb(req)
    const { rows } = await db.execute<{ from: string; id: string }>(sql`
      WITH ended AS (
        UPDATE bookings b SET status = 'cancelled', expires_at = NULL, updated_at = now()
          FROM bookings old
         WHERE old.id = b.id AND b.event_id = ${doc.id} AND ${sql.raw(activeBookingSql('b'))}
        RETURNING b.id, b.seats, old.status::text AS from_status
      ), released AS (
        UPDATE events e SET seats_booked = e.seats_booked - (SELECT coalesce(sum(seats), 0) FROM ended),
               next_hold_expiry = NULL
         WHERE e.id = ${doc.id} AND EXISTS (SELECT 1 FROM ended)
        RETURNING e.id
      ), ${sql.raw(releaseTypeSeatsCte('ended', 'released'))}
      SELECT ended.id::text AS id, ended.from_status AS "from" FROM ended
    `)
    await auditStatusChanges(
      req,
      rows.map(({ from, id }) => ({ from, id, to: 'cancelled' })),
    )
    if (settingsOf(req.payload).parts.payments) {
      await refundBookings(
        req,
        rows.map(({ id }) => id),
        'the event was cancelled',
      )
    }
    return doc
  },
)
