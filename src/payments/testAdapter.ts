import { createHmac, timingSafeEqual } from 'node:crypto'

import { fromMinorUnits } from './minorUnits'
import { type PaymentAdapter, WebhookRefused } from './paymentAdapter'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A payment provider for development and the browser tests: its "checkout" is a page of the API
 * (`GET /api/payments/test/checkout`) with Pay and Decline buttons that post a signed notice to
 * the plugin's webhook, which then does exactly what it does for Stripe. Never in production
 * unless asked for: anyone can pay with it.
 */
export const testPaymentAdapter = ({ secret }: { secret: string }): PaymentAdapter => {
  if (!secret) throw new Error('payload-events-cms: the test payment adapter needs a secret')
  const sign = (fields: string[]) =>
    createHmac('sha256', secret).update(fields.join('\n')).digest('base64url')
  return {
    createCheckout: async ({
      amount,
      apiUrl,
      cancelUrl,
      currency,
      description,
      paymentId,
      returnUrl,
    }) => {
      const fields = [paymentId, String(amount), currency, returnUrl, cancelUrl]
      const query = new URLSearchParams({
        amount: String(amount),
        cancel: cancelUrl,
        currency,
        description,
        payment: paymentId,
        return: returnUrl,
        sig: sign(fields),
      })
      return {
        checkoutUrl: `${apiUrl}/payments/test/checkout?${query.toString()}`,
        providerPaymentId: `test-${paymentId}`,
      }
    },
    label: 'Test payment (no money moves)',
    name: 'test',
    readWebhook: async (rawBody) => {
      const form = new URLSearchParams(rawBody)
      const value = (name: string) => form.get(name) ?? ''
      const fields = ['payment', 'amount', 'currency', 'return', 'cancel'].map(value)
      const expected = Buffer.from(sign(fields))
      const given = Buffer.from(value('sig'))
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new WebhookRefused('The test payment is not signed by this server.')
      }
      const outcome = value('outcome') === 'pay' ? 'succeeded' : 'cancelled'
      return {
        amount: Number(value('amount')),
        currency: value('currency'),
        eventId: `test-${value('payment')}-${outcome}`,
        kind: 'payment',
        outcome,
        paymentId: value('payment'),
        providerIntentId: `test-${value('payment')}`,
        providerPaymentId: `test-${value('payment')}`,
        redirect: outcome === 'succeeded' ? value('return') : value('cancel'),
        type: `test.payment.${outcome}`,
      }
    },
    refund: async ({ refundId }) => ({ providerRefundId: `test-${refundId}`, status: 'done' }),
  }
}

/** The test adapter's checkout page: the amount and two buttons (no script needed). */
export const testCheckoutPage = (query: URLSearchParams, webhookUrl: string): string => {
  const field = (name: string) => escapeHtml(query.get(name) ?? '')
  const currency = query.get('currency') ?? ''
  const amount = Number(query.get('amount'))
  const shown =
    Number.isSafeInteger(amount) && /^[A-Z]{3}$/.test(currency)
      ? `${fromMinorUnits(amount, currency)} ${currency}`
      : '?'
  const hidden = ['payment', 'amount', 'currency', 'return', 'cancel', 'sig']
    .map((name) => `<input type="hidden" name="${name}" value="${field(name)}">`)
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Test payment</title></head>
<body style="font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem">
<h1>Test payment</h1><p>${field('description')}</p><p><strong>${escapeHtml(shown)}</strong></p>
<p>No money moves: this is the development payment provider.</p>
<form method="post" action="${escapeHtml(webhookUrl)}">${hidden}
<button name="outcome" value="pay">Pay</button> <button name="outcome" value="decline">Decline</button></form>
</body></html>`
}
