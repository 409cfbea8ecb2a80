import { sql } from '@payloadcms/db-postgres'
import type { TaskConfig } from 'payload'

import { toMinorUnits } from '../../src/payments/minorUnits'
import type { RefundResult } from '../../src/payments/paymentAdapter'
import { settingsOf } from '../../src/settings'
import { inTransaction } from '../../src/utilities/inTransaction'
import { postgresAdapter, transactionDb } from '../../src/utilities/transactionDb'
import { REFUND_TASK } from './paymentRules'
import { settleRefund } from './refunds'

type RefundIO = { input: { refund: string }; output: { state: string } }

/** Tries of a refund the provider does not answer, with back-off from 30 s (about 1 h in all). */
const ATTEMPTS = 8

type RefundRow = {
  amount: string
  currency: string
  provider: string
  provider_intent_id: null | string
  provider_payment_id: null | string
  status: string
}

/**
 * Sends one recorded refund to the provider that took the money, with the refund's id as the
 * provider's idempotency key: a job that runs again after a crash (or a retry after a timeout)
 * refunds once. A provider error is retried by the queue with back-off; its answer settles the
 * refund (refunds.ts), or leaves it pending for the provider's webhook.
 */
export const refundPaymentTask: TaskConfig<RefundIO> = {
  slug: REFUND_TASK,
  handler: async ({ input, job, req }) => {
    const { rows } = await postgresAdapter(req).drizzle.execute<RefundRow>(sql`
      SELECT r.amount::text AS amount, r.currency, r.status::text AS status, p.provider,
             p.provider_payment_id, p.provider_intent_id
        FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id::text = ${input.refund}`)
    const refund = rows[0]
    if (!refund || refund.status !== 'pending')
      return { output: { state: refund?.status ?? 'gone' } }
    const adapter = settingsOf(req.payload).payments.adapters.find(
      ({ name }) => name === refund.provider,
    )
    const failed = (failureReason: string) => ({
      failureReason,
      providerRefundId: null,
      status: 'failed' as const,
    })
    let result: RefundResult
    try {
      result = adapter
        ? await adapter.refund({
            amount: toMinorUnits(refund.amount, refund.currency),
            currency: refund.currency,
            providerIntentId: refund.provider_intent_id,
            providerPaymentId: refund.provider_payment_id,
            refundId: input.refund,
          })
        : failed(`no payment adapter "${refund.provider}" is configured`)
    } catch (error) {
      // Not answered: tried again with back-off; after the last try the refund is failed, its
      // amount refundable again, for staff to see and retry.
      if ((job.totalTried ?? 0) + 1 < ATTEMPTS) throw error
      result = failed(
        `the provider did not answer: ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          500,
        ),
      )
    }
    const { status } = result
    if (status === 'pending') {
      await postgresAdapter(req).drizzle.execute(sql`
        UPDATE refunds SET provider_refund_id = ${result.providerRefundId}, updated_at = now()
         WHERE id::text = ${input.refund} AND status = 'pending'`)
      return { output: { state: 'pending' } }
    }
    await inTransaction(req, async () =>
      settleRefund(req, await transactionDb(req), input.refund, { ...result, status }),
    )
    return { output: { state: status } }
  },
  inputSchema: [{ name: 'refund', type: 'text', required: true }],
  outputSchema: [{ name: 'state', type: 'text', required: true }],
  retries: {
    attempts: ATTEMPTS,
    backoff: { delay: 30_000, type: 'exponential' },
    shouldRestore: false,
  },
}
