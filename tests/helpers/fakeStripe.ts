/**
 * The few Stripe API endpoints the adapter calls, on a local port (tests run with no network):
 * Checkout Sessions and Refunds, with Stripe's idempotency (the same key answers the same object)
 * and a log of the calls. The SDK is pointed here with `{ host, port, protocol: 'http' }`.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeStripe = {
  calls: { body: URLSearchParams; idempotencyKey: null | string; path: string }[]
  client: { host: string; port: number; protocol: 'http' }
  close: () => Promise<void>
  /**
   * What refunds answer: a refund of this status (default `succeeded`), or `refused` (Stripe's
   * 400, e.g. already refunded) or `down` (a 500).
   */
  refundStatus: string
}

export const startFakeStripe = async (): Promise<FakeStripe> => {
  const answers = new Map<string, unknown>()
  let next = 0
  const fake: Omit<FakeStripe, 'client' | 'close'> = { calls: [], refundStatus: 'succeeded' }
  const server: Server = createServer((request, response) => {
    let raw = ''
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    request.on('end', () => {
      const body = new URLSearchParams(raw)
      const key = (request.headers['idempotency-key'] as string | undefined) ?? null
      const path = request.url ?? ''
      fake.calls.push({ body, idempotencyKey: key, path })
      const send = (status: number, value: unknown) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${next}`,
        })
        response.end(JSON.stringify(value))
      }
      if (key && answers.has(`${path} ${key}`)) return send(200, answers.get(`${path} ${key}`))
      next += 1
      let answer: unknown
      if (request.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = `cs_test_${next}`
        answer = {
          amount_total: Number(body.get('line_items[0][price_data][unit_amount]')),
          client_reference_id: body.get('client_reference_id'),
          currency: body.get('line_items[0][price_data][currency]'),
          id,
          object: 'checkout.session',
          payment_intent: null,
          payment_status: 'unpaid',
          url: `https://checkout.stripe.test/c/pay/${id}`,
        }
      } else if (request.method === 'POST' && path === '/v1/refunds') {
        if (fake.refundStatus === 'refused') {
          return send(400, {
            error: { message: 'Charge has already been refunded.', type: 'invalid_request_error' },
          })
        }
        if (fake.refundStatus === 'down') {
          return send(500, { error: { message: 'Something went wrong.', type: 'api_error' } })
        }
        answer = {
          amount: Number(body.get('amount')),
          id: `re_${next}`,
          metadata: { refundId: body.get('metadata[refundId]') },
          object: 'refund',
          payment_intent: body.get('payment_intent'),
          status: fake.refundStatus,
        }
      } else {
        return send(404, {
          error: {
            message: `fake Stripe has no ${request.method} ${path}`,
            type: 'invalid_request_error',
          },
        })
      }
      if (key) answers.set(`${path} ${key}`, answer)
      send(200, answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(fake, {
    client: { host: '127.0.0.1', port, protocol: 'http' as const },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
