import { randomUUID } from 'node:crypto'

import type { Payload, PayloadRequest } from 'payload'

import type { Booking } from '../../payload-types'
import { auditAfterChange } from '../../hooks/auditChanges'
import { diffDocuments } from '../../src/audit/changes'
import { auditAppendArgs, auditRowFor } from '../../src/audit/writeAuditLog'
import { slugs } from '../../src/slugs'
import { multiplyDecimal } from '../../src/utilities/decimal'
import { isUuid } from '../../src/utilities/isUuid'
import { type PreparedStatement, runPrepared } from '../../src/utilities/preparedQuery'
import { type BookingOptions, isSeatCount } from './bookingRules'

/**
 * The fast path of `POST /api/bookings`: the common booking (your own seats on a published event,
 * nothing unusual) as ONE SQL statement in its own transaction, instead of Payload's create
 * pipeline (~7-10 ms of CPU per booking). The statement claims the seats with the same
 * conditional UPDATE as `claimSeatsBeforeChange`, inserts the booking and appends its audit row,
 * so the hot event's row lock is held for that one statement and its commit only.
 *
 * It returns `undefined` whenever the normal create must decide instead, which then applies every
 * rule and error message: anything but `event`/`seats`/`idempotencyKey` in the body, invalid
 * values, a claim that fails (sold out, closed, over, lapsed holds to expire, price changed), or a
 * bookings collection whose hooks, fields or create access an app changed (those must run).
 */

/**
 * Hooks (and the create access function) the fast path reproduces; any other one on bookings sends
 * creates through Payload.
 */
const reproducedHooks = new WeakSet<object>([auditAfterChange])
export const reproducedByFastPath = <T extends object>(hook: T): T => {
  reproducedHooks.add(hook)
  return hook
}

/** The fields the statement writes (top level), besides Payload's own and the audit panel. */
const bookingFields = new Set([
  'event',
  'user',
  'seats',
  'status',
  'unitPrice',
  'currency',
  'totalPrice',
  'expiresAt',
  'paymentReference',
  'idempotencyKey',
  'contactSnapshot',
])
const frameworkFields = new Set(['id', 'createdAt', 'updatedAt', 'auditHistory'])
const createHooks = [
  'beforeOperation',
  'beforeValidate',
  'beforeChange',
  'afterChange',
  'beforeRead',
  'afterRead',
  'afterOperation',
] as const

type Eligibility = { audited: boolean } | false
const eligibility = new WeakMap<object, Eligibility>()

/** Whether the sanitized bookings collection is still exactly what the statement reproduces. */
export const fastPathEligibility = (payload: Payload): Eligibility => {
  const { config } = payload.collections[slugs.bookings]
  const known = eligibility.get(config)
  if (known !== undefined) return known
  const hooks = createHooks.flatMap((kind) => (config.hooks[kind] ?? []) as object[])
  const names = config.flattenedFields
    .map(({ name }) => name)
    .filter((name) => !frameworkFields.has(name))
  const result: Eligibility =
    hooks.every((hook) => reproducedHooks.has(hook)) &&
    reproducedHooks.has(config.access.create) &&
    names.length === bookingFields.size &&
    names.every((name) => bookingFields.has(name))
      ? { audited: (config.hooks.afterChange ?? []).includes(auditAfterChange) }
      : false
  eligibility.set(config, result)
  return result
}

type Price = { currency: null | string; price: string }
/** Event prices per app; a stale one only makes the claim's price guard fail (then Payload books). */
const prices = new WeakMap<Payload, Map<string, Price>>()
const priceCache = (payload: Payload) => {
  let cache = prices.get(payload)
  if (!cache || cache.size > 50_000) prices.set(payload, (cache = new Map()))
  return cache
}

const priceOf: PreparedStatement = {
  name: 'events_cms_event_price',
  text: 'SELECT price::text AS price, currency FROM events WHERE id = $1::uuid',
}

const readPrice = async (req: PayloadRequest, eventId: string): Promise<Price | undefined> => {
  const cache = priceCache(req.payload)
  const cached = cache.get(eventId)
  if (cached) return cached
  const [price] = await runPrepared<Price>(req, priceOf, [eventId])
  if (price) cache.set(eventId, price)
  return price
}

/**
 * $1 event, $2 seats, $3 price, $4 currency (the ones the audit row was written with: a changed
 * price makes the claim fail), $5 booking id, $6 user, $7 status, $8 total, $9 hold expiry,
 * $10 idempotency key, $11-13 contact, $14 time. Seat claims leave the event's updated_at alone
 * (see claimSeatsBeforeChange).
 */
const bookingStatement = (audited: boolean): PreparedStatement => ({
  name: audited ? 'events_cms_book_and_audit' : 'events_cms_book',
  text: `
    WITH claim AS (
      UPDATE events SET seats_booked = seats_booked + $2::int
      WHERE id = $1::uuid AND status = 'published' AND start_date > now()
        AND seats_booked + $2::int <= capacity
        AND price = $3::numeric AND currency IS NOT DISTINCT FROM $4::varchar
      RETURNING id
    ), booking AS (
      INSERT INTO bookings (id, event_id, user_id, seats, status, unit_price, currency, total_price,
        expires_at, idempotency_key, contact_snapshot_name, contact_snapshot_email,
        contact_snapshot_phone, created_at, updated_at)
      SELECT $5::uuid, claim.id, $6::uuid, $2::int, $7::enum_bookings_status, $3::numeric,
        $4::varchar, $8::numeric, $9::timestamptz, $10::varchar, $11::varchar, $12::varchar,
        $13::varchar, $14::timestamptz, $14::timestamptz
      FROM claim
      RETURNING id
    )
    SELECT booking.id${
      audited
        ? `, audit_logs_append($15::text, $16::text, $17::text, $18::uuid, $19::text, $20::text,
        $21::text, $22::jsonb, $23::timestamptz, $24::text) AS audit_hash`
        : ''
    }
    FROM booking`,
})
const book = bookingStatement(false)
const bookAndAudit = bookingStatement(true)

const fastFields = new Set(['event', 'seats', 'idempotencyKey'])

/** The booking as the request asked for it, when it is plain enough for the fast path. */
const plainRequest = (data: Record<string, unknown>, options: BookingOptions) => {
  if (!Object.keys(data).every((key) => fastFields.has(key))) return undefined
  const { event, idempotencyKey, seats } = data
  if (typeof event !== 'string' || !isUuid(event)) return undefined
  if (!isSeatCount(seats, options.maxSeatsPerBooking)) return undefined
  if (idempotencyKey !== undefined && idempotencyKey !== null) {
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length > 200) return undefined
  }
  return { event, idempotencyKey: idempotencyKey ?? null, seats }
}

/**
 * Books through the single statement, or returns `undefined` for the normal create to handle.
 * Throws the database error of a repeated idempotency key (unique violation) to the caller.
 */
export const fastCreateBooking = async (
  req: PayloadRequest,
  data: Record<string, unknown>,
  options: BookingOptions,
): Promise<Booking | undefined> => {
  const user = req.user
  if (!user || user.collection !== slugs.users) return undefined
  const eligible = fastPathEligibility(req.payload)
  const wanted = eligible && plainRequest(data, options)
  if (!eligible || !wanted) return undefined
  const event = await readPrice(req, wanted.event)
  if (!event) return undefined

  const now = new Date()
  const free = Number(event.price) === 0
  const total = multiplyDecimal(event.price, wanted.seats)
  const doc: Booking = {
    contactSnapshot: { email: user.email, name: user.name ?? null, phone: user.phone ?? null },
    createdAt: now.toISOString(),
    currency: event.currency,
    event: wanted.event,
    expiresAt: free ? null : new Date(now.getTime() + options.holdMinutes * 60_000).toISOString(),
    id: randomUUID(),
    idempotencyKey: wanted.idempotencyKey,
    paymentReference: null,
    seats: wanted.seats,
    status: free ? 'confirmed' : 'pending',
    totalPrice: Number(total),
    unitPrice: Number(event.price),
    updatedAt: now.toISOString(),
    user: String(user.id),
  }
  const bookingValues = [
    doc.event,
    doc.seats,
    event.price,
    doc.currency,
    doc.id,
    doc.user,
    doc.status,
    total,
    doc.expiresAt,
    doc.idempotencyKey,
    doc.contactSnapshot?.name,
    doc.contactSnapshot?.email,
    doc.contactSnapshot?.phone,
    doc.createdAt,
  ]
  const auditValues = eligible.audited
    ? auditAppendArgs(
        auditRowFor(req, {
          action: 'create',
          changes: diffDocuments(undefined, doc as unknown as Record<string, unknown>),
          collection: slugs.bookings,
          documentId: doc.id,
        }),
      )
    : []
  const rows = await runPrepared<{ id: string }>(req, eligible.audited ? bookAndAudit : book, [
    ...bookingValues,
    ...auditValues,
  ])
  if (rows[0]) return doc
  // Refused: the normal create explains why, or expires lapsed holds and books; forget the price
  // in case it is what changed.
  priceCache(req.payload).delete(wanted.event)
  return undefined
}
