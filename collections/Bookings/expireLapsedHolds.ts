import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { settingsOf } from '../../src/settings'
import { pgIdType } from '../../src/utilities/ids'
import { pgArray } from '../../src/utilities/sqlValues'
import { transactionDb } from '../../src/utilities/transactionDb'
import { auditExpiredHolds } from './auditExpiredHolds'
import { lapsedHoldSql, releaseTypeSeatsCte, validHoldSql } from './bookingRules'

/**
 * Marks lapsed pending holds `expired` and gives their seats back (the event's and their ticket
 * types'), and sets each touched event's `next_hold_expiry` to its next pending hold, in one
 * statement; then audits them. All events (the expiry job), or only `events` (a read that found
 * many lapsed seats: expireHoldsSoon.ts). Idempotent: only rows still `pending` change, so two
 * runs at once free nothing twice. Returns the expired bookings' ids.
 */
export const expireLapsedHolds = async (
  req: PayloadRequest,
  events?: readonly string[],
): Promise<string[]> => {
  const db = await transactionDb(req)
  const ids =
    events && sql`${pgArray([...events])}::${sql.raw(pgIdType(settingsOf(req.payload).idType))}[]`
  const { rows } = await db.execute<{ ids: string[] }>(sql`
    WITH expired AS (
      UPDATE bookings b SET status = 'expired', updated_at = now()
      WHERE ${sql.raw(lapsedHoldSql('b'))} ${ids ? sql`AND b.event_id = ANY(${ids})` : sql``}
      RETURNING b.id, b.event_id, b.seats
    ), per_event AS (
      SELECT event_id, sum(seats) AS seats FROM expired GROUP BY event_id
    ), touched AS (
      SELECT event_id AS id FROM per_event
      UNION SELECT id FROM events WHERE next_hold_expiry <= now()
        ${ids ? sql`AND id = ANY(${ids})` : sql``}
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
  const expired = rows[0]?.ids ?? []
  await auditExpiredHolds(req, expired)
  return expired
}
