import type { Payload, PayloadRequest } from 'payload'

import { auditAfterChange } from '../../hooks/auditChanges'
import { guardCollectionOperation } from '../../hooks/guardInput'
import { diffDocuments } from '../../src/audit/changes'
import { auditAppendArgs, auditRowFor } from '../../src/audit/writeAuditLog'
import type { AccountDoc, BookingDoc } from '../../src/documents'
import { isPluginUser } from '../../src/access/roles'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { multiplyDecimal } from '../../src/utilities/decimal'
import { type DocId, type IdType, parseId, pgIdType } from '../../src/utilities/ids'
import { type PreparedStatement, runPrepared } from '../../src/utilities/preparedQuery'
import { type BookingOptions, contactSnapshotOf, isSeatCount } from './bookingRules'

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
 * bookings collection whose hooks, fields or create access differ from what the plugin built
 * (an app's or another plugin's must run).
 */

/**
 * Hooks and access functions of the bookings collection the plugin built, and those it adds to
 * every collection: the audit hook (the statement appends the row) and the input guard (the
 * endpoint runs the same check first).
 */
const builtByPlugin = new WeakSet<object>([auditAfterChange, guardCollectionOperation])

/**
 * Called by the plugin with the bookings collection as it built it, before an app's `fields` or
 * `override` extension: whatever the sanitized collection has beyond this sends creates through
 * Payload.
 */
export const recordBuiltBookings = (hooks: object[], createAccess: object): void => {
  for (const hook of hooks) builtByPlugin.add(hook)
  builtByPlugin.add(createAccess)
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
  const config = payload.collections[slugs.bookings]?.config
  if (!config) return false
  const known = eligibility.get(config)
  if (known !== undefined) return known
  const hooks = createHooks.flatMap((kind) => (config.hooks[kind] ?? []) as object[])
  const names = config.flattenedFields
    .map(({ name }: { name: string }) => name)
    .filter((name: string) => !frameworkFields.has(name))
  const result: Eligibility =
    hooks.every((hook) => builtByPlugin.has(hook)) &&
    builtByPlugin.has(config.access.create) &&
    names.length === bookingFields.size &&
    names.every((name: string) => bookingFields.has(name))
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

const priceOf = (idType: IdType): PreparedStatement => ({
  name: `events_cms_event_price_${idType}`,
  text: `SELECT price::text AS price, currency FROM events WHERE id = $1::${pgIdType(idType)}`,
})

const readPrice = async (req: PayloadRequest, eventId: DocId, idType: IdType) => {
  const cache = priceCache(req.payload)
  const cached = cache.get(String(eventId))
  if (cached) return cached
  const [price] = await runPrepared<Price>(req, priceOf(idType), [eventId])
  if (price) cache.set(String(eventId), price)
  return price
}

/** Marks the plugin's own POST and GET `/` endpoints of bookings, which bookingsFastRoute may answer. */
export const FAST_ROUTE = 'eventsCmsFastRoute'

/** Stands for the booking's id in the audit content until PostgreSQL has made the id. */
const ID_PLACEHOLDER = '__events_cms_booking_id__'

/**
 * $1 event, $2 seats, $3 price, $4 currency (the ones the audit row was written with: a changed
 * price makes the claim fail), $5 user, $6 status, $7 total, $8 hold expiry, $9 idempotency key,
 * $10-12 contact, $13 time; then the audit row's arguments. The id comes from the table's default
 * (a sequence or gen_random_uuid()), and the audit content gets it in place of the placeholder.
 * Seat claims leave the event's updated_at alone (see claimSeatsBeforeChange); a hold's expiry
 * lowers next_hold_expiry (LEAST ignores the NULL of a free booking).
 */
const bookingStatement = (audited: boolean, idType: IdType): PreparedStatement => {
  const id = pgIdType(idType)
  return {
    name: `events_cms_book${audited ? '_and_audit' : ''}_${idType}`,
    text: `
    WITH claim AS (
      UPDATE events SET seats_booked = seats_booked + $2::int,
        next_hold_expiry = LEAST(next_hold_expiry, $8::timestamptz)
      WHERE id = $1::${id} AND status = 'published' AND start_date > now()
        AND seats_booked + $2::int <= capacity
        AND price = $3::numeric AND currency IS NOT DISTINCT FROM $4::varchar
      RETURNING id
    ), booking AS (
      INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price,
        expires_at, idempotency_key, contact_snapshot_name, contact_snapshot_email,
        contact_snapshot_phone, created_at, updated_at)
      SELECT claim.id, $5::${id}, $2::int, $6::enum_bookings_status, $3::numeric,
        $4::varchar, $7::numeric, $8::timestamptz, $9::varchar, $10::varchar, $11::varchar,
        $12::varchar, $13::timestamptz, $13::timestamptz
      FROM claim
      RETURNING id
    )
    SELECT booking.id${
      audited
        ? `, audit_logs_append($14::text, $15::text, booking.id::text, $16::${id}, $17::text,
        $18::text, $19::text, $20::jsonb, $21::timestamptz,
        replace($22::text, '"${ID_PLACEHOLDER}"', to_json(booking.id::text)::text)) AS audit_hash`
        : ''
    }
    FROM booking`,
  }
}

const fastFields = new Set(['event', 'seats', 'idempotencyKey'])

/** The booking as the request asked for it, when it is plain enough for the fast path. */
const plainRequest = (data: Record<string, unknown>, options: BookingOptions, idType: IdType) => {
  if (!Object.keys(data).every((key) => fastFields.has(key))) return undefined
  const { event, idempotencyKey, seats } = data
  const eventId = parseId(event, idType)
  if (eventId === undefined) return undefined
  if (!isSeatCount(seats, options.maxSeatsPerBooking)) return undefined
  if (idempotencyKey !== undefined && idempotencyKey !== null) {
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length > 200) return undefined
  }
  return { event: eventId, idempotencyKey: idempotencyKey ?? null, seats }
}

/**
 * Books through the single statement, or returns `undefined` for the normal create to handle.
 * Throws the database error of a repeated idempotency key (unique violation) to the caller.
 */
export const fastCreateBooking = async (
  req: PayloadRequest,
  data: Record<string, unknown>,
  options: BookingOptions,
): Promise<BookingDoc | undefined> => {
  if (!req.user || !isPluginUser(req)) return undefined
  const user = req.user as AccountDoc
  const { idType } = settingsOf(req.payload)
  const eligible = fastPathEligibility(req.payload)
  const wanted = eligible && plainRequest(data, options, idType)
  if (!eligible || !wanted) return undefined
  const event = await readPrice(req, wanted.event, idType)
  if (!event) return undefined

  const now = new Date()
  const free = Number(event.price) === 0
  const total = multiplyDecimal(event.price, wanted.seats)
  const doc: BookingDoc = {
    contactSnapshot: contactSnapshotOf(user),
    createdAt: now.toISOString(),
    currency: event.currency,
    event: wanted.event,
    expiresAt: free ? null : new Date(now.getTime() + options.holdMinutes * 60_000).toISOString(),
    id: ID_PLACEHOLDER,
    idempotencyKey: wanted.idempotencyKey,
    paymentReference: null,
    seats: wanted.seats,
    status: free ? 'confirmed' : 'pending',
    totalPrice: Number(total),
    unitPrice: Number(event.price),
    updatedAt: now.toISOString(),
    user: user.id,
  }
  const bookingValues = [
    doc.event,
    doc.seats,
    event.price,
    doc.currency,
    user.id,
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
          documentId: ID_PLACEHOLDER,
        }),
      ).filter((_, index) => index !== 2) // the document id comes from the insert
    : []
  const rows = await runPrepared<{ id: DocId }>(req, bookingStatement(eligible.audited, idType), [
    ...bookingValues,
    ...auditValues,
  ])
  const booked = rows[0]
  if (booked) return { ...doc, id: booked.id }
  // Refused: the normal create explains why, or expires lapsed holds and books; forget the price
  // in case it is what changed.
  priceCache(req.payload).delete(String(wanted.event))
  return undefined
}
