/**
 * What a payment provider does for the plugin, in the spirit of @payloadcms/plugin-ecommerce's
 * adapters: start a payment for a booking, read its webhook, and refund. The plugin keeps the
 * records and the guarantees (one effect per provider event, amounts checked, states only moving
 * forward, refunds never above what was paid: collections/Payments/); an adapter only talks to
 * its provider. Amounts cross this boundary in the provider's minor units (minorUnits.ts).
 */
export type CheckoutRequest = {
  /** Whole minor units of `currency` (cents; yen; fils). */
  amount: number
  /** The API's public address (`${siteUrl}/api`), for adapters with pages of their own. */
  apiUrl: string
  booking: { id: string; reference: null | string }
  cancelUrl: string
  currency: string
  /** What the customer pays for, e.g. "2 × Standard, Jazz Night". */
  description: string
  /** The plugin's payment id: the provider's idempotency key and the id its events carry back. */
  paymentId: string
  returnUrl: string
}

export type Checkout = {
  /** Where to send the customer to pay (Stripe Checkout); null when they pay elsewhere. */
  checkoutUrl: null | string
  /** What to tell the customer instead (bank details, "pay at the door"). */
  instructions?: string
  /** The provider's id of this payment (a Checkout Session's), unique per provider. */
  providerPaymentId: string
}

export type RefundRequest = {
  amount: number
  currency: string
  /** The provider's ids of the payment being refunded. */
  providerIntentId: null | string
  providerPaymentId: null | string
  /** The plugin's refund id: the provider's idempotency key, so a retry never refunds twice. */
  refundId: string
}

export type RefundResult = {
  providerRefundId: null | string
  /** `pending`: the provider confirms later through a webhook. */
  status: 'done' | 'failed' | 'pending'
  failureReason?: string
}

/** One thing a provider's webhook told us, in the plugin's words. */
export type PaymentNotice =
  | {
      /** Minor units received (for `succeeded`). */
      amount: number
      currency: string
      /** The provider's unique event id: a replay carries the same one. */
      eventId: string
      kind: 'payment'
      outcome: 'cancelled' | 'failed' | 'succeeded'
      /** The plugin's payment id, as given at checkout. */
      paymentId: null | string
      providerIntentId: null | string
      providerPaymentId: null | string
      /** Where to send the browser that posted it (the test adapter's page), if anywhere. */
      redirect?: string
      type: string
    }
  | {
      eventId: string
      failureReason?: string
      kind: 'refund'
      outcome: 'done' | 'failed'
      providerRefundId: string
      /** The plugin's refund id when the provider carries it back. */
      refundId: null | string
      type: string
    }

/** A webhook whose signature is missing, wrong or too old: answered 400, nothing changes. */
export class WebhookRefused extends Error {}

export type PaymentAdapter = {
  /** The provider's name in URLs and records: `stripe`, `manual`, `test`. */
  name: string
  /** Staff confirm payments by hand (bank transfer, at the door): no checkout, no webhook. */
  manual?: boolean
  /** A label for the site, e.g. "Card (Stripe)". */
  label: string
  createCheckout: (request: CheckoutRequest) => Promise<Checkout>
  /**
   * The raw body as received (a signature covers these exact bytes) and the request's headers:
   * what it says, null for an event the plugin does not act on; throws WebhookRefused.
   */
  readWebhook?: (rawBody: string, headers: Headers) => Promise<null | PaymentNotice>
  refund: (request: RefundRequest) => Promise<RefundResult>
}
