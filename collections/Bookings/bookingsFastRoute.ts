import {
  createPayloadRequest,
  headersWithCors,
  type PayloadRequest,
  type SanitizedConfig,
} from 'payload'

import { assertValidInput } from '../../src/utilities/inspectInput'
import { checkedBodyText } from '../../src/utilities/checkedBodies'
import { PRIVATE } from '../../src/utilities/platformSettings'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { collectionEndpoint } from '../../src/utilities/payloadInternals'
import { isRecord } from '../../src/utilities/sqlValues'
import { fastBookingPage } from './bookingListEndpoint'
import { bookingAnswer, FAST_ROUTE } from './createBookingEndpoint'
import { book } from './operations/book'

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>
type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

/** Whether Payload would route this method of `/bookings` to the plugin's own endpoint. */
const oursAnswers = (req: PayloadRequest, method: 'get' | 'post'): boolean => {
  const first = collectionEndpoint(req.payload, slugs.bookings, method, '/')
  return Boolean(first?.custom?.[FAST_ROUTE])
}

/**
 * A booking at depth 0 through the booking operation, or undefined when Payload's handler must
 * answer (a body that is not a plain JSON object: Payload's own errors then).
 */
const fastCreate = async (req: PayloadRequest, body: string) => {
  if (req.query.depth !== '0') return undefined
  let data: unknown
  try {
    data = JSON.parse(body)
  } catch {
    return undefined
  }
  if (!isRecord(data)) return undefined
  assertValidInput(data, req.payload)
  return bookingAnswer(await book(req, data))
}

/**
 * A refusal the booking operation answers with (a public error with a 4xx status, or its busy
 * lane's 503), as `{errors: [{message, data}]}`; undefined for anything else. By shape, not class:
 * the hooks that threw it may come from another bundle's copy of PublicError.
 */
const refusalOf = (error: unknown) => {
  const { data, isPublic, message, status } = error as {
    data?: unknown
    isPublic?: unknown
    message?: unknown
    status?: unknown
  }
  if (isPublic !== true || typeof status !== 'number' || typeof message !== 'string')
    return undefined
  if (status < 400 || (status >= 500 && status !== 503)) return undefined
  return { body: { errors: [{ ...(isRecord(data) ? { data } : {}), message }] }, status }
}

/** The fast answer's body and status, or undefined when Payload's handler must answer. */
const fastAnswer = async (req: PayloadRequest, method: 'GET' | 'POST', body: string) => {
  if (!req.user || !settingsOf(req.payload).enabled) return undefined
  if (!oursAnswers(req, method === 'GET' ? 'get' : 'post')) return undefined
  if (method === 'GET') {
    const page = await fastBookingPage(req)
    return page && { body: page, status: 200 }
  }
  return fastCreate(req, body)
}

/**
 * `POST /api/bookings?depth=0` and `GET /api/bookings?depth=0` of a signed-in client, answered
 * with Payload's own request (createPayloadRequest: the same auth, query and user) but without
 * its endpoint routing, which costs about a third of such a request. Only when the plugin's own
 * endpoints would answer and the request is plain (the same checks as theirs); anything else, and
 * any error, goes to Payload's handler with a fresh copy of the request, which answers it as
 * always. The body is the text guardRequest already read and checked, and the answer is one
 * Response with its final headers: each Request or Response made here costs ~20 µs of a ~2 ms
 * booking.
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
    const body = method === 'POST' ? (checkedBodyText(request) ?? (await request.text())) : ''
    // createPayloadRequest adds Payload's fields to the request it is given; Payload's handler
    // gets a fresh copy.
    const copy = () =>
      new Request(request.url, {
        body: method === 'POST' ? body : undefined,
        headers: request.headers,
        method,
        signal: request.signal,
      })
    let req: PayloadRequest | undefined
    let answer: { body: unknown; status: number } | undefined
    try {
      req = await createPayloadRequest({ canSetHeaders: true, config, request })
      answer = await fastAnswer(req, method, body)
    } catch (error) {
      // A refusal (the operation's own answer, as Payload's error handler would shape it); any
      // other error leaves the answer to Payload's handler (nothing was made: the statement is
      // atomic).
      answer = refusalOf(error)
    }
    if (!answer || !req) return next(copy(), ...args)
    const headers = headersWithCors({
      headers: new Headers({ 'Content-Type': 'application/json' }),
      req,
    })
    // What guardRequest's HTTP caching would add to a signed-in read.
    if (method === 'GET') headers.set('Cache-Control', PRIVATE)
    req.responseHeaders?.forEach((value, name) => headers.append(name, value))
    return new Response(JSON.stringify(answer.body), { headers, status: answer.status })
  }
