import type { Endpoint } from 'payload'

import { WebhookRefused } from '../../src/payments/paymentAdapter'
import { testCheckoutPage } from '../../src/payments/testAdapter'
import { settingsOf } from '../../src/settings'
import { PublicError } from '../../src/utilities/publicError'
import { applyPaymentNotice } from './applyPaymentNotice'

/** Larger than any provider's event (Stripe's are a few kB). */
const MAX_WEBHOOK_BYTES = 512 * 1024

/**
 * POST /api/payments/webhook/:provider: a provider's event, checked on the raw bytes first (a
 * missing, wrong or stale signature is a 400 and changes nothing), then applied once
 * (applyPaymentNotice.ts). A replay answers 200 too, so the provider stops sending it.
 */
const webhookEndpoint: Endpoint = {
  handler: async (req) => {
    const name = String(req.routeParams?.provider ?? '')
    const adapter = settingsOf(req.payload).payments.adapters.find(
      (candidate) => candidate.name === name && candidate.readWebhook,
    )
    if (!adapter?.readWebhook) throw new PublicError('No such payment provider.', 404)
    const length = Number(req.headers.get('content-length') ?? 0)
    if (length > MAX_WEBHOOK_BYTES) throw new PublicError('The webhook body is too large.', 413)
    const raw = req.text ? await req.text() : ''
    if (Buffer.byteLength(raw) > MAX_WEBHOOK_BYTES) {
      throw new PublicError('The webhook body is too large.', 413)
    }
    let notice
    try {
      notice = await adapter.readWebhook(raw, req.headers)
    } catch (error) {
      if (error instanceof WebhookRefused) throw new PublicError(error.message, 400)
      throw new PublicError('The webhook body is not one this provider sends.', 400)
    }
    if (!notice) return Response.json({ ignored: true, received: true })
    const result = await applyPaymentNotice(req, adapter.name, notice)
    if (notice.kind === 'payment' && notice.redirect) {
      return new Response(null, { headers: { Location: notice.redirect }, status: 303 })
    }
    return Response.json({ received: true, ...result })
  },
  method: 'post',
  path: '/webhook/:provider',
}

/** GET /api/payments/test/checkout: the test adapter's payment page (only with that adapter). */
const testCheckoutEndpoint: Endpoint = {
  handler: (req) => {
    const adapters = settingsOf(req.payload).payments.adapters
    if (!adapters.some(({ name }) => name === 'test')) {
      throw new PublicError('No such payment provider.', 404)
    }
    const url = new URL(req.url ?? '', 'http://localhost')
    const api = req.payload.config.routes.api
    return new Response(testCheckoutPage(url.searchParams, `${api}/payments/webhook/test`), {
      headers: {
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy':
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        'Content-Type': 'text/html; charset=utf-8',
      },
    })
  },
  method: 'get',
  path: '/test/checkout',
}

export const paymentWebhookEndpoints: Endpoint[] = [webhookEndpoint, testCheckoutEndpoint]
