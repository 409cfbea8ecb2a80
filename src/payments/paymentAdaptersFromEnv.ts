import { createHash } from 'node:crypto'

import { manualPaymentAdapter } from './manualAdapter'
import type { PaymentAdapter } from './paymentAdapter'
import { stripePaymentAdapter } from './stripeAdapter'
import { testPaymentAdapter } from './testAdapter'

type Env = Record<string, string | undefined>

/**
 * Payment providers as the environment says (docs/payments.md), the first being the default:
 * Stripe with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (comma-separated while rolling one
 * over); the test adapter outside production, or with PAYMENTS_TEST=on (anyone can "pay" with it:
 * never on a real site); the manual adapter with PAYMENTS_MANUAL=on.
 */
export const paymentAdaptersFromEnv = (env: Env = process.env): PaymentAdapter[] => {
  const adapters: PaymentAdapter[] = []
  if (env.STRIPE_SECRET_KEY) {
    adapters.push(
      stripePaymentAdapter({
        secretKey: env.STRIPE_SECRET_KEY,
        webhookSecret: (env.STRIPE_WEBHOOK_SECRET ?? '').split(',').map((secret) => secret.trim()),
      }),
    )
  }
  const test = env.PAYMENTS_TEST ? env.PAYMENTS_TEST === 'on' : env.NODE_ENV !== 'production'
  if (test) {
    const secret = createHash('sha256')
      .update(`test-payments:${env.PAYLOAD_SECRET ?? ''}`)
      .digest('base64url')
    adapters.push(testPaymentAdapter({ secret }))
  }
  if (env.PAYMENTS_MANUAL === 'on') adapters.push(manualPaymentAdapter())
  return adapters
}
