import Stripe from 'stripe'

import {
  type PaymentAdapter,
  type PaymentNotice,
  type RefundResult,
  WebhookRefused,
} from './paymentAdapter'

export type StripeAdapterOptions = {
  /** `sk_live_…` / `sk_test_…` (STRIPE_SECRET_KEY). */
  secretKey: string
  /**
   * The endpoint's signing secret(s) `whsec_…` (STRIPE_WEBHOOK_SECRET; several while rolling
   * one over): a webhook must be signed with one of them.
   */
  webhookSecret: string | string[]
  /** How old a signed webhook may be, in seconds (Stripe's own default). */
  toleranceSeconds?: number
  /** Passed to the SDK: e.g. `{ host, port, protocol }` of a local fake in tests. */
  client?: Stripe.StripeConfig
}

const CHECKOUT_OUTCOMES: Record<string, 'cancelled' | 'failed' | 'succeeded' | undefined> = {
  'checkout.session.async_payment_failed': 'failed',
  'checkout.session.async_payment_succeeded': 'succeeded',
  'checkout.session.completed': 'succeeded',
  'checkout.session.expired': 'cancelled',
}

const refundStatus = (status: null | string): RefundResult['status'] =>
  status === 'succeeded'
    ? 'done'
    : status === 'failed' || status === 'canceled'
      ? 'failed'
      : 'pending'

const idOf = (value: null | string | { id: string } | undefined): null | string =>
  value == null ? null : typeof value === 'string' ? value : value.id

/** What one of the Stripe events the plugin listens to says (null: not one of them). */
const noticeOf = (event: Stripe.Event): null | PaymentNotice => {
  const outcome = CHECKOUT_OUTCOMES[event.type]
  if (outcome) {
    const session = event.data.object as Stripe.Checkout.Session
    // Completed but not paid yet (a bank debit): its async_payment_* event follows.
    if (event.type === 'checkout.session.completed' && session.payment_status === 'unpaid') {
      return null
    }
    return {
      amount: session.amount_total ?? 0,
      currency: (session.currency ?? '').toUpperCase(),
      eventId: event.id,
      kind: 'payment',
      outcome,
      paymentId: session.client_reference_id ?? session.metadata?.paymentId ?? null,
      providerIntentId: idOf(session.payment_intent),
      providerPaymentId: session.id,
      type: event.type,
    }
  }
  if (event.type === 'refund.updated' || event.type === 'refund.failed') {
    const refund = event.data.object as Stripe.Refund
    const status = refundStatus(refund.status)
    if (status === 'pending') return null
    return {
      eventId: event.id,
      failureReason: refund.failure_reason ?? undefined,
      kind: 'refund',
      outcome: status,
      providerRefundId: refund.id,
      refundId: refund.metadata?.refundId ?? null,
      type: event.type,
    }
  }
  return null
}

/**
 * Stripe Checkout: a hosted payment page per booking, confirmed by the `checkout.session.*`
 * webhooks (signature checked on the raw body with the SDK), refunds through the Refunds API with
 * the plugin's refund id as idempotency key. Send these events to `/api/payments/webhook/stripe`:
 * checkout.session.completed, checkout.session.async_payment_succeeded,
 * checkout.session.async_payment_failed, checkout.session.expired, refund.updated, refund.failed.
 */
export const stripePaymentAdapter = ({
  client,
  secretKey,
  toleranceSeconds = 300,
  webhookSecret,
}: StripeAdapterOptions): PaymentAdapter => {
  if (!secretKey) throw new Error('payload-events-cms: the Stripe adapter needs a secret key')
  const secrets = [webhookSecret].flat().filter(Boolean)
  if (secrets.length === 0) {
    throw new Error('payload-events-cms: the Stripe adapter needs a webhook signing secret')
  }
  const stripe = new Stripe(secretKey, { maxNetworkRetries: 2, telemetry: false, ...client })
  return {
    createCheckout: async ({
      amount,
      booking,
      cancelUrl,
      currency,
      description,
      paymentId,
      returnUrl,
    }) => {
      const metadata = { booking: booking.id, paymentId }
      const session = await stripe.checkout.sessions.create(
        {
          cancel_url: cancelUrl,
          client_reference_id: paymentId,
          line_items: [
            {
              price_data: {
                currency: currency.toLowerCase(),
                product_data: { name: description },
                unit_amount: amount,
              },
              quantity: 1,
            },
          ],
          metadata,
          mode: 'payment',
          payment_intent_data: { description: booking.reference ?? undefined, metadata },
          success_url: returnUrl,
        },
        { idempotencyKey: `checkout-${paymentId}` },
      )
      return { checkoutUrl: session.url, providerPaymentId: session.id }
    },
    label: 'Card (Stripe)',
    name: 'stripe',
    readWebhook: async (rawBody, headers) => {
      const signature = headers.get('stripe-signature')
      if (!signature) throw new WebhookRefused('The Stripe-Signature header is missing.')
      for (const secret of secrets) {
        try {
          return noticeOf(
            stripe.webhooks.constructEvent(rawBody, signature, secret, toleranceSeconds),
          )
        } catch (error) {
          if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error
        }
      }
      throw new WebhookRefused('The Stripe signature is not valid for this body (or too old).')
    },
    refund: async ({ amount, providerIntentId, refundId }) => {
      if (!providerIntentId) {
        return {
          failureReason: 'the payment has no Stripe PaymentIntent',
          providerRefundId: null,
          status: 'failed',
        }
      }
      let refund: Stripe.Refund
      try {
        refund = await stripe.refunds.create(
          { amount, metadata: { refundId }, payment_intent: providerIntentId },
          { idempotencyKey: `refund-${refundId}` },
        )
      } catch (error) {
        // Stripe refused the request itself (already refunded, disputed, too much): trying again
        // changes nothing. Connection and server errors are thrown, and the job tries again.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) {
          return { failureReason: error.message, providerRefundId: null, status: 'failed' }
        }
        throw error
      }
      return {
        failureReason: refund.failure_reason ?? undefined,
        providerRefundId: refund.id,
        status: refundStatus(refund.status),
      }
    },
  }
}
