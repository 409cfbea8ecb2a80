import {
  createPayloadRequest,
  headersWithCors,
  type PayloadRequest,
  type SanitizedConfig,
} from 'payload'

import { assertValidInput } from '../../hooks/guardInput'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { isRecord } from '../../src/utilities/sqlValues'
import { fastBookingList } from './bookingListEndpoint'
import { FAST_ROUTE, fastCreateBooking } from './fastCreateBooking'

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>
type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

/** Whether Payload would route this method of `/bookings` to the plugin's own endpoint. */
const oursAnswers = (req: PayloadRequest, method: 'get' | 'post'): boolean => {
  const endpoints = req.payload.collections[slugs.bookings]?.config.endpoints || []
  const first = endpoints.find((endpoint) => endpoint.method === method && endpoint.path === '/')
  return Boolean(first?.custom?.[FAST_ROUTE])
}

/** A plain booking at depth 0 through the one-statement path (made once it returns), or undefined. */
const fastCreate = async (req: PayloadRequest, body: string) => {
  if (req.query.depth !== '0') return undefined
  let data: unknown
  try {
    data = JSON.parse(body)
    assertValidInput(data, req.payload)
  } catch {
    return undefined
  }
  if (!isRecord(data)) return undefined
  if (data.idempotencyKey === '') delete data.idempotencyKey
  return fastCreateBooking(req, data, settingsOf(req.payload).bookings)
}

/**
 * `POST /api/bookings?depth=0` and `GET /api/bookings?depth=0` of a signed-in client, answered
 * with Payload's own request (createPayloadRequest: the same auth, query and user) but without
 * its endpoint routing, which costs about a third of such a request. Only when the plugin's own
 * endpoints would answer and the request is plain (the same checks as theirs); anything else, and
 * any error, goes to Payload's handler with the same request, which answers it as always.
 */
export const bookingsFastRoute =
  <Args extends unknown[]>(configInput: ConfigInput, next: Handler<Args>): Handler<Args> =>
  async (request, ...args) => {
    const config = await configInput
    const method = request.method
    if (
      (method !== 'GET' && method !== 'POST') ||
      // Payload reads a POST with a method override as a GET (a list with a long query).
      request.headers.has('x-payload-http-method-override') ||
      request.headers.has('x-http-method-override') ||
      new URL(request.url).pathname !== `${config.routes.api}/${slugs.bookings}`
    ) {
      return next(request, ...args)
    }
    const body = method === 'POST' ? await request.text() : undefined
    const copy = () =>
      new Request(request.url, { body, headers: request.headers, method, signal: request.signal })
    let req: PayloadRequest | undefined
    let answer: Response | undefined
    try {
      req = await createPayloadRequest({ canSetHeaders: true, config, request: copy() })
      const ours =
        req.user &&
        settingsOf(req.payload).enabled &&
        oursAnswers(req, method === 'GET' ? 'get' : 'post')
      if (ours && method === 'GET') answer = await fastBookingList(req)
      if (ours && method === 'POST') {
        const doc = await fastCreate(req, body ?? '')
        if (doc) {
          answer = Response.json({ doc, message: 'Booking successfully created.' }, { status: 201 })
        }
      }
    } catch {
      // Nothing was made (the statement is atomic): Payload's handler answers, errors included.
      answer = undefined
    }
    if (!answer || !req) return next(copy(), ...args)
    const headers = headersWithCors({ headers: new Headers(answer.headers), req })
    req.responseHeaders?.forEach((value, name) => headers.append(name, value))
    return new Response(answer.body, { headers, status: answer.status })
  }
