import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { settingsOf } from '../../src/settings'
import type { DocId } from '../../src/utilities/ids'
import { transactionDb } from '../../src/utilities/transactionDb'
import { auditExpiredHolds } from '../Bookings/auditExpiredHolds'

/**
 * Marks lapsed pending appointments `expired` (all of them: the hold-expiry job; or those of one
 * resource overlapping `range`: a booking about to take that time), audited as system changes.
 * Only rows still `pending` change, so two runs never expire one twice.
 */
export const expireAppointmentHolds = async (
  req: PayloadRequest,
  only?: { range: [Date, Date]; resource: DocId },
): Promise<string[]> => {
  const db = await transactionDb(req)
  const where = only
    ? sql`AND resource_id = ${only.resource} AND during && tstzrange(
        ${only.range[0].toISOString()}::timestamptz, ${only.range[1].toISOString()}::timestamptz)`
    : sql``
  const { rows } = await db.execute<{ id: string }>(sql`
    UPDATE appointments SET status = 'expired', updated_at = now()
    WHERE status = 'pending' AND expires_at <= now() ${where}
    RETURNING id::text AS id`)
  const ids = rows.map(({ id }) => id)
  await auditExpiredHolds(req, ids, settingsOf(req.payload).slugs.appointments)
  return ids
}
