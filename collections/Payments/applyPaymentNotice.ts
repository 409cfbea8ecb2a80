import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { auditIfKept } from '../../src/audit/writeAuditLog'
import { publishedEventSql } from '../../src/db/conditions'
import { fromMinorUnits, sameAmount } from '../../src/payments/minorUnits'
import type { PaymentNotice } from '../../src/payments/paymentAdapter'
import { slugs } from '../../src/slugs'
import { inTransaction } from '../../src/utilities/inTransaction'
import { transactionDb } from '../../src/utilities/transactionDb'
import { auditStatusChanges } from '../Bookings/auditExpiredHolds'
import { paymentMayMove, type PaymentStatus } from './paymentRules'
import { lockBooking, settleRefund, startRefund } from './refunds'

type Db = Awaited<ReturnType<typeof transactionDb>>
type PaymentRow = {
  amount: string
  booking_id: string
  booking_status: string
  currency: string
  id: string
  paid_elsewhere: boolean
  status: PaymentStatus
  total: string
}

export type NoticeResult = { duplicate: boolean; outcome: string }

/**
 * A lapsed hold's seats taken again for a payment that came late, if they are still free: the
 * event's and every line's type's, in lock order, all or nothing (a savepoint undoes a part).
 */
const reclaimSeats = async (db: Db, booking: string): Promise<boolean> => {
  await db.execute(sql`SAVEPOINT reclaim_seats`)
  const { rows } = await db.execute<{ id: string }>(sql`
    WITH b AS (
      SELECT id, event_id, seats FROM bookings WHERE id = ${booking} AND status = 'expired'
    ), ev AS (
      UPDATE events e SET seats_booked = e.seats_booked + b.seats FROM b
       WHERE e.id = b.event_id AND ${sql.raw(publishedEventSql('e'))} AND e.start_date > now()
         AND e.seats_booked + b.seats <= e.capacity
      RETURNING e.id
    ), wanted AS (
      SELECT l.ticket_type_id AS id, sum(l.quantity)::int AS quantity
        FROM bookings_lines l JOIN b ON l._parent_id = b.id
       WHERE l.ticket_type_id IS NOT NULL GROUP BY l.ticket_type_id
    ), types AS (
      UPDATE ticket_types t SET seats_booked = t.seats_booked + wanted.quantity FROM wanted, ev
       WHERE t.id = wanted.id AND (t.capacity IS NULL OR t.seats_booked + wanted.quantity <= t.capacity)
      RETURNING t.id
    )
    UPDATE bookings SET status = 'confirmed', expires_at = NULL, updated_at = now()
      FROM ev WHERE bookings.id = ${booking}
       AND (SELECT count(*) FROM types) = (SELECT count(*) FROM wanted)
    RETURNING bookings.id::text AS id`)
  if (rows[0]) {
    await db.execute(sql`RELEASE SAVEPOINT reclaim_seats`)
    return true
  }
  await db.execute(sql`ROLLBACK TO SAVEPOINT reclaim_seats`)
  return false
}

/** What a succeeded payment does to its booking; the outcome is recorded with the event. */
const paymentSucceeded = async (
  req: PayloadRequest,
  db: Db,
  payment: PaymentRow,
  notice: Extract<PaymentNotice, { kind: 'payment' }>,
): Promise<string> => {
  const paid = /^[A-Z]{3}$/.test(notice.currency)
    ? fromMinorUnits(notice.amount, notice.currency)
    : '0'
  await db.execute(sql`
    UPDATE payments SET status = 'succeeded', amount_paid = ${paid}::numeric,
           provider_intent_id = coalesce(${notice.providerIntentId}, provider_intent_id),
           provider_payment_id = coalesce(provider_payment_id, ${notice.providerPaymentId}),
           updated_at = now()
     WHERE id = ${payment.id}`)
  await auditIfKept(req, {
    action: 'update',
    changes: { amountPaid: paid, status: { from: payment.status, to: 'succeeded' } },
    collection: slugs.payments,
    documentId: payment.id,
    impersonal: true,
    userId: null,
    withoutActor: true,
  })
  const flag = async (reason: string) => {
    await db.execute(sql`UPDATE payments SET flag = ${reason} WHERE id = ${payment.id}`)
    return reason
  }
  const refundAll = async (reason: string) => {
    if (paid === '0') return flag(`${reason}; nothing arrived to refund`)
    await startRefund(req, { amount: paid, payment: payment.id, reason, requestedBy: null })
    return flag(`${reason}: refunded automatically`)
  }

  if (
    notice.currency !== payment.currency ||
    !sameAmount(paid, payment.amount, payment.currency) ||
    !sameAmount(payment.amount, payment.total, payment.currency)
  ) {
    return flag(
      `paid ${paid} ${notice.currency}, due ${payment.total} ${payment.currency}: booking not confirmed`,
    )
  }
  if (payment.paid_elsewhere) return refundAll('the booking was already paid')
  switch (payment.booking_status) {
    case 'pending': {
      // A hold that lapsed but was not expired yet still counts its seats: confirming it is safe.
      await db.execute(sql`
        UPDATE bookings SET status = 'confirmed', expires_at = NULL, updated_at = now()
         WHERE id = ${payment.booking_id} AND status = 'pending'`)
      await auditStatusChanges(req, [{ from: 'pending', id: payment.booking_id, to: 'confirmed' }])
      return 'confirmed the booking'
    }
    case 'confirmed':
      return 'paid (the booking was confirmed already)'
    case 'expired': {
      if (await reclaimSeats(db, payment.booking_id)) {
        await auditStatusChanges(req, [
          { from: 'expired', id: payment.booking_id, to: 'confirmed' },
        ])
        return 'confirmed the booking after its hold lapsed (the seats were still free)'
      }
      return refundAll('paid after the hold lapsed and the seats were gone')
    }
    default:
      return refundAll(`paid for a ${payment.booking_status} booking`)
  }
}

/**
 * THE effect of a provider's webhook, in one transaction: the event is recorded first, unique per
 * (provider, event id), so a replay or a concurrent duplicate (which waits on that key) does
 * nothing and still gets a 200; then the booking and the payment are locked (in that order, as an
 * event's cancellation takes them), so a cancel cannot slip between reading the booking and
 * confirming it; the payment moves forward only; a success confirms
 * the booking if the amount and currency are the booking's, takes lapsed seats again if they are
 * free, and refunds itself if they are not.
 */
export const applyPaymentNotice = (
  req: PayloadRequest,
  provider: string,
  notice: PaymentNotice,
): Promise<NoticeResult> =>
  inTransaction(req, async () => {
    const db = await transactionDb(req)
    const { rows: recorded } = await db.execute<{ id: string }>(sql`
      INSERT INTO payment_events (provider, event_id, type, created_at, updated_at)
      VALUES (${provider}, ${notice.eventId}, ${notice.type}, now(), now())
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id::text AS id`)
    const event = recorded[0]
    if (!event) return { duplicate: true, outcome: 'already received' }

    let outcome: string
    let paymentId: null | string = null
    if (notice.kind === 'refund') {
      const { rows } = await db.execute<{ booking_id: string; id: string; payment_id: string }>(sql`
        SELECT r.id::text AS id, r.payment_id::text AS payment_id, r.booking_id::text AS booking_id
          FROM refunds r JOIN payments p ON p.id = r.payment_id
         WHERE p.provider = ${provider}
           AND (r.id::text = ${notice.refundId ?? ''} OR r.provider_refund_id = ${notice.providerRefundId})
         ORDER BY r.created_at LIMIT 1`)
      const refund = rows[0]
      paymentId = refund?.payment_id ?? null
      if (refund) await lockBooking(db, refund.booking_id)
      outcome = !refund
        ? 'no such refund'
        : (await settleRefund(req, db, refund.id, {
              failureReason: notice.failureReason,
              providerRefundId: notice.providerRefundId,
              status: notice.outcome,
            }))
          ? `refund ${notice.outcome}`
          : 'refund already settled'
    } else {
      const { rows: found } = await db.execute<{ booking_id: string; id: string }>(sql`
        SELECT id::text AS id, booking_id::text AS booking_id FROM payments
         WHERE provider = ${provider}
           AND (id::text = ${notice.paymentId ?? ''} OR provider_payment_id = ${notice.providerPaymentId})
         LIMIT 1`)
      if (found[0]) await lockBooking(db, found[0].booking_id)
      const { rows } = await db.execute<PaymentRow>(sql`
        SELECT p.id::text AS id, p.status::text AS status, p.amount::text AS amount, p.currency,
               p.booking_id::text AS booking_id, b.status::text AS booking_status,
               b.total_price::text AS total,
               EXISTS (SELECT 1 FROM payments o WHERE o.booking_id = p.booking_id AND o.id <> p.id
                        AND o.status = 'succeeded' AND o.flag IS NULL) AS paid_elsewhere
          FROM payments p JOIN bookings b ON b.id = p.booking_id
         WHERE p.id = ${found[0]?.id ?? null}
         FOR UPDATE OF p`)
      const payment = rows[0]
      paymentId = payment?.id ?? null
      if (!payment) outcome = 'no such payment'
      else if (!paymentMayMove(payment.status, notice.outcome)) {
        outcome = `ignored: the payment is ${payment.status}`
      } else if (notice.outcome === 'succeeded') {
        outcome = await paymentSucceeded(req, db, payment, notice)
      } else {
        await db.execute(sql`
          UPDATE payments SET status = ${notice.outcome}, updated_at = now() WHERE id = ${payment.id}`)
        outcome = `payment ${notice.outcome}`
      }
    }
    await db.execute(sql`
      UPDATE payment_events SET outcome = ${outcome}, payment_id = ${paymentId} WHERE id = ${event.id}`)
    return { duplicate: false, outcome }
  })
