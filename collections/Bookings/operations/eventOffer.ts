import { LRUCache } from 'lru-cache'
import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import { settingsOf } from '../../../src/settings'
import { type DocId, type IdType, pgIdType } from '../../../src/utilities/ids'
import {
  type PreparedStatement,
  runInRequest,
  runPrepared,
} from '../../../src/utilities/preparedQuery'
import { processWide } from '../../../src/utilities/processWide'

/** A ticket type as a booking needs it (prices as PostgreSQL prints them: exact decimals). */
export type OfferedType = {
  accessCode: null | string
  capacity: null | number
  closesAt: null | string
  hidden: boolean
  id: string
  max: null | number
  min: number
  name: string
  opensAt: null | string
  price: string
}

/** What an event sells: its own price (an event without ticket types) and its ticket types. */
export type EventOffer = {
  currency: null | string
  eventId: string
  organizer: null | string
  price: string
  types: OfferedType[]
}

type OfferRow = {
  currency: null | string
  id: string
  organizer: null | string
  price: string
  types: OfferedType[]
}

const offerQuery = (idType: IdType): PreparedStatement => ({
  name: `events_cms_event_offer_${idType}`,
  text: `SELECT e.id::text AS id, e.price::text AS price, e.currency, e.organizer_id::text AS organizer,
    coalesce((SELECT json_agg(json_build_object('id', t.id::text, 'name', t.name, 'price', t.price::text,
      'hidden', coalesce(t.hidden, false), 'accessCode', t.access_code, 'min', t.min_per_booking,
      'max', t.max_per_booking, 'opensAt', t.sales_open_at, 'closesAt', t.sales_close_at,
      'capacity', t.capacity) ORDER BY t.sort_order, t.name, t.id)
      FROM ticket_types t WHERE t.event_id = e.id), '[]') AS types
    FROM events e WHERE e.id = $1::${pgIdType(idType)}`,
})

/**
 * Offers per app, kept briefly: a booking prices its lines from here, and its statement checks every
 * price, window and limit again against the rows it locks, so a stale offer can only make that
 * check fail (then the booking reads a fresh one), never sell at a wrong price.
 */
const offers = processWide('eventOffers', () => new WeakMap<object, LRUCache<string, EventOffer>>())
const offersOf = (req: PayloadRequest) => {
  let cache = offers.get(req.payload.config)
  if (!cache) {
    cache = new LRUCache<string, EventOffer>({ max: 10_000, ttl: 30_000 })
    offers.set(req.payload.config, cache)
  }
  return cache
}

const toOffer = (row: OfferRow): EventOffer => ({
  currency: row.currency,
  eventId: row.id,
  organizer: row.organizer,
  price: row.price,
  types: row.types.map((type) => ({
    ...type,
    capacity: type.capacity === null ? null : Number(type.capacity),
    max: type.max === null ? null : Number(type.max),
    min: Number(type.min ?? 1),
  })),
})

/**
 * The event's offer, from the cache unless `fresh` (then read in the request's transaction, when
 * it has one). Undefined when the event does not exist.
 */
export const eventOffer = async (
  req: PayloadRequest,
  eventId: DocId,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<EventOffer | undefined> => {
  const cache = offersOf(req)
  const key = String(eventId)
  if (!fresh) {
    const known = cache.get(key)
    if (known) return known
  }
  const statement = offerQuery(settingsOf(req.payload).idType)
  const rows = fresh
    ? await runInRequest<OfferRow>(req, statement, [eventId])
    : await runPrepared<OfferRow>(req, statement, [eventId])
  const row = rows[0]
  if (!row) {
    cache.delete(key)
    return undefined
  }
  const offer = toOffer(row)
  cache.set(key, offer)
  return offer
}

/** After an event or one of its ticket types changes, this server reads its offer afresh. */
export const forgetOfferAfterChange: CollectionAfterChangeHook = ({ doc, req }) => {
  const eventId = 'event' in doc ? doc.event : doc.id
  const id = eventId && typeof eventId === 'object' ? (eventId as { id: unknown }).id : eventId
  offersOf(req).delete(String(id))
  return doc
}
