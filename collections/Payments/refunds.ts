import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { auditIfKept } from '../../src/audit/writeAuditLog'
import { tableName } from '../../src/db/tableNames'
import { slugs } from '../../src/slugs'
import { PublicError } from '../../src/utilities/publicError'
import { pgArray } from '../../src/utilities/sqlValues'
import { postgresAdapter, transactionDb } from '../../src/utilities/transactionDb'
import { auditStatusChanges } from '../Bookings/auditExpiredHolds'
import { endBooking } from '../Bookings/endBooking'
import { PAYMENTS_QUEUE, REFUND_TASK, type RefundStatus } from './paymentRules'

type Db = Awaited<ReturnType<typeof transactionDb>>

const isCheckViolation = (error: unknown, constraint: string): boolean => {
  const cause = (error as { cause?: unknown }).cause ?? error
  const { code, constraint: name } = cause as { code?: string; constraint?: string }
  return code === '23514' && name === constraint
}

/**
 * Locks a booking's row. Payments lock their booking before the payment (bookings -> payments),
 * the order in which an event's cancellation takes them, so the two never wait on each other.
 */
export const lockBooking = async (db: Db, booking: string): Promise<void> => {
  await db.execute(sql`SELECT 1 FROM bookings WHERE id = ${booking} FOR UPDATE`)
}

/**
 * Records a refund of `amount` (a decimal string) of a payment and queues the job that sends it
 * to the provider, in the caller's transaction. PostgreSQL counts it against what was paid in the
 * same INSERT: more than is left is a 409 naming what is left (also for two requests at once).
 */
export const startRefund = async (
  req: PayloadRequest,
  refund: { amount: string; payment: string; reason: string; requestedBy: null | string },
): Promise<{ id: string; job: string }> => {
  const db = await transactionDb(req)
  let id: string
  try {
    const { rows } = await db.execute<{ booking_id: string; currency: string; id: string }>(sql`
      INSERT INTO refunds (payment_id, booking_id, amount, currency, status, reason, requested_by_id, created_at, updated_at)
      SELECT p.id, p.booking_id, ${refund.amount}::numeric, p.currency, 'pending', ${refund.reason},
             ${refund.requestedBy}, now(), now()
        FROM payments p WHERE p.id = ${refund.payment}
      RETURNING id::text AS id, booking_id::text AS booking_id, currency`)
    const row = rows[0]
    if (!row) throw new PublicError('No such payment.', 404, { payment: refund.payment })
    id = row.id
    await auditIfKept(req, {
      action: 'create',
      changes: {
        amount: refund.amount,
        booking: row.booking_id,
        reason: refund.reason,
        status: 'pending',
      },
      collection: slugs.refunds,
      documentId: id,
      impersonal: true,
      userId: refund.requestedBy,
      withoutActor: refund.requestedBy === null,
    })
  } catch (error) {
    if (!isCheckViolation(error, 'payments_refunds_within_paid')) throw error
    const { rows } = await postgresAdapter(req).drizzle.execute<{ left: string }>(
      sql`SELECT (amount_paid - amount_refunded)::text AS left FROM payments WHERE id = ${refund.payment}`,
    )
    throw new PublicError(
      `A refund of ${refund.amount} is more than is left to refund (${rows[0]?.left ?? '0'}).`,
      409,
      { field: 'amount', left: rows[0]?.left ?? '0' },
    )
  }
  // In SQL like every job the plugin queues from a change (the outbox's, the waiting list's).
  const { rows: jobs } = await db.execute<{ id: string }>(sql`
    INSERT INTO ${sql.identifier(tableName(req.payload, 'payload-jobs'))} (task_slug, queue, input, created_at, updated_at)
    VALUES (${REFUND_TASK}, ${PAYMENTS_QUEUE}, ${JSON.stringify({ refund: id })}::jsonb, now(), now())
    RETURNING id::text AS id`)
  return { id, job: (jobs[0] as { id: string }).id }
}

/**
 * A refund's outcome from the provider (its answer, or a webhook later): a pending refund becomes
 * done or failed (a failed one gives its amount back to what may be refunded); once the payment
 * is refunded in full, an active booking becomes `refunded` and its seats are freed, once.
 */
export const settleRefund = async (
  req: PayloadRequest,
  db: Db,
  refundId: string,
  outcome: {
    failureReason?: string
    providerRefundId: null | string
    status: Exclude<RefundStatus, 'pending'>
  },
): Promise<boolean> => {
  // Booking, then payment (lockBooking): refunds of one payment settle one at a time (the
  // refund mail counts them).
  await db.execute(sql`
    SELECT 1 FROM bookings WHERE id = (SELECT booking_id FROM refunds WHERE id = ${refundId}) FOR UPDATE`)
  await db.execute(sql`
    SELECT 1 FROM payments WHERE id = (SELECT payment_id FROM refunds WHERE id = ${refundId}) FOR UPDATE`)
  const { rows } = await db.execute<{ booking_id: string; payment_id: string }>(sql`
    UPDATE refunds SET status = ${outcome.status}, failure_reason = ${outcome.failureReason ?? null},
           provider_refund_id = coalesce(${outcome.providerRefundId}, provider_refund_id),
           updated_at = clock_timestamp()
     WHERE id = ${refundId} AND status = 'pending'
    RETURNING booking_id::text AS booking_id, payment_id::text AS payment_id`)
  const row = rows[0]
  if (!row) return false
  await auditIfKept(req, {
    action: 'update',
    changes: { status: { from: 'pending', to: outcome.status } },
    collection: slugs.refunds,
    documentId: refundId,
    impersonal: true,
    userId: null,
    withoutActor: true,
  })
  if (outcome.status !== 'done') return true
  const { rows: whole } = await db.execute<{ full: boolean }>(sql`
    SELECT p.amount_paid > 0 AND p.amount_refunded = p.amount_paid
           AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending') AS full
      FROM payments p WHERE p.id = ${row.payment_id}`)
  if (whole[0]?.full) {
    const { rows: booking } = await db.execute<{ status: string }>(sql`
      SELECT status::text AS status FROM bookings WHERE id = ${row.booking_id}`)
    const from = booking[0]?.status
    if (
      (from === 'confirmed' || from === 'pending') &&
      (await endBooking(db, row.booking_id, 'refunded'))
    ) {
      await auditStatusChanges(req, [{ from, id: row.booking_id, to: 'refunded' }])
    }
  }
  return true
}

/**
 * Gives back all that is left of every payment of these bookings (an event the organizer
 * cancelled), in the caller's transaction; the jobs send the refunds after it commits.
 */
export const refundBookings = async (
  req: PayloadRequest,
  bookingIds: string[],
  reason: string,
): Promise<number> => {
  if (bookingIds.length === 0) return 0
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ id: string; left: string }>(sql`
    SELECT id::text AS id, (amount_paid - amount_refunded)::text AS left FROM payments
     WHERE booking_id::text = ANY(${pgArray(bookingIds)}::text[]) AND status = 'succeeded'
       AND amount_paid > amount_refunded
     ORDER BY id FOR UPDATE`)
  for (const { id, left } of rows) {
    await startRefund(req, { amount: left, payment: id, reason, requestedBy: null })
  }
  return rows.length
}
