/**
 * The payment rules in one place. A payment only moves forward: pending -> succeeded, failed or
 * cancelled, and failed/cancelled -> succeeded (a late success is still money received); nothing
 * leaves succeeded (PostgreSQL refuses it: src/db/paymentRulesSql.ts). A refund is pending until
 * the provider says done or failed; a failed one gives its amount back to what may be refunded.
 */
export const paymentStatuses = ['pending', 'succeeded', 'failed', 'cancelled'] as const
export type PaymentStatus = (typeof paymentStatuses)[number]

export const refundStatuses = ['pending', 'done', 'failed'] as const
export type RefundStatus = (typeof refundStatuses)[number]

/** Whether a notice may move a payment from `from` to `to` (else it is recorded and ignored). */
export const paymentMayMove = (from: PaymentStatus, to: PaymentStatus): boolean =>
  from !== to && from !== 'succeeded' && (from === 'pending' || to === 'succeeded')

export const REFUND_TASK = 'refundPayment'
export const PAYMENTS_QUEUE = 'payments'
