import { sql } from '@payloadcms/db-postgres'
import type { Payload, Where } from 'payload'

import { publishedEventSql } from '../../src/db/conditions'
import type { EventDoc } from '../../src/documents'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { eventCategories } from '../../src/fields/eventCategories'
import { slugs } from '../../src/slugs'
import { postgresAdapterOf } from '../../src/utilities/payloadInternals'
import { cached } from '../../src/utilities/publicCache'
import { cachedPublicEvents, withLiveSeats } from './cachedEvent'
import { publishedSeatsBooked } from './liveSeats'
import { MAX_QUERY_LENGTH } from './searchEvents'

/** The filters of the site's event listing, as its URL carries them (`/events?category=...`). */
export type EventFilters = {
  category?: string
  city?: string
  /** `free` (price 0) or `paid`. */
  cost?: 'free' | 'paid'
  /** Days as YYYY-MM-DD, inclusive, in UTC. */
  from?: string
  page: number
  past: boolean
  /** Full-text search, as `GET /api/events/search?q=` reads it. */
  q?: string
  tag?: string
  to?: string
  venue?: string
}

export const LISTING_PAGE_SIZE = 12
const MAX_SEARCH_MATCHES = 500
const DAY = /^\d{4}-\d{2}-\d{2}$/
const ID = /^[\w-]{1,64}$/

const one = (value: unknown): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined
}

/**
 * The listing's filters from a URL's query, each checked: what is not valid is left out and named
 * in `problems` (the page says so instead of failing), so a hand-edited or hostile URL still lists.
 */
export const parseEventFilters = (
  query: Record<string, unknown>,
): { filters: EventFilters; problems: string[] } => {
  const problems: string[] = []
  const filters: EventFilters = { page: 1, past: one(query.when) === 'past' }
  const day = (name: 'from' | 'to') => {
    const value = one(query[name])
    if (value === undefined) return
    if (DAY.test(value) && !Number.isNaN(Date.parse(value))) filters[name] = value
    else problems.push(`"${name}" must be a day like 2027-05-31.`)
  }
  day('from')
  day('to')
  const category = one(query.category)
  if (category !== undefined) {
    if ((eventCategories as readonly string[]).includes(category)) filters.category = category
    else problems.push(`"category" must be one of: ${eventCategories.join(', ')}.`)
  }
  for (const name of ['tag', 'venue'] as const) {
    const value = one(query[name])
    if (value === undefined) continue
    if (ID.test(value)) filters[name] = value
    else problems.push(`"${name}" is not a valid id.`)
  }
  const city = one(query.city)
  if (city !== undefined) {
    if (city.length <= 120 && !city.includes('\0')) filters.city = city
    else problems.push('"city" is at most 120 characters.')
  }
  const cost = one(query.cost)
  if (cost === 'free' || cost === 'paid') filters.cost = cost
  else if (cost !== undefined) problems.push('"cost" must be free or paid.')
  const q = one(query.q)
  if (q !== undefined) {
    if (q.length <= MAX_QUERY_LENGTH && !q.includes('\0')) filters.q = q
    else problems.push(`The search is at most ${MAX_QUERY_LENGTH} characters.`)
  }
  const page = Number(one(query.page) ?? 1)
  if (Number.isInteger(page) && page >= 1 && page <= 1000) filters.page = page
  else problems.push('"page" must be a whole number from 1 to 1000.')
  return { filters, problems }
}

/**
 * The filters as a Payload `where` on events: the same query `GET /api/events?where=...` answers
 * (the full-text part as the ids `GET /api/events/search` finds: `matching`; the events with a paid
 * public ticket type: `withPaidTypes`). `now` splits upcoming from past: an event is upcoming
 * until it ends.
 */
const eventFiltersWhere = (
  filters: EventFilters,
  now: Date,
  {
    matching,
    withPaidTypes,
  }: { matching?: (number | string)[]; withPaidTypes?: (number | string)[] } = {},
): Where => {
  const at = now.toISOString()
  const and: Where[] = [
    filters.past ? { endDate: { less_than: at } } : { endDate: { greater_than_equal: at } },
  ]
  if (filters.from) and.push({ startDate: { greater_than_equal: `${filters.from}T00:00:00.000Z` } })
  if (filters.to) and.push({ startDate: { less_than_equal: `${filters.to}T23:59:59.999Z` } })
  if (filters.category) and.push({ category: { equals: filters.category } })
  if (filters.tag) and.push({ tags: { in: [filters.tag] } })
  if (filters.venue) and.push({ venue: { equals: filters.venue } })
  if (filters.city) and.push({ 'venue.address.city': { like: filters.city } })
  // Paid: a price of its own or any ticket type anyone may buy that costs something.
  const paidTypes = withPaidTypes?.length ? withPaidTypes : undefined
  if (filters.cost === 'free') {
    and.push({ price: { equals: 0 } }, ...(paidTypes ? [{ id: { not_in: paidTypes } }] : []))
  }
  if (filters.cost === 'paid') {
    and.push({
      or: [{ price: { greater_than: 0 } }, ...(paidTypes ? [{ id: { in: paidTypes } }] : [])],
    })
  }
  if (matching) and.push({ id: { in: matching.length ? matching : [NO_ID] } })
  return { and }
}

/** An id no event has (an empty `in` list matches nothing, whatever the id type). */
const NO_ID = '00000000-0000-0000-0000-000000000000'

/** Events with a ticket type on public sale that costs something. */
const eventsWithPaidTypes = (payload: Payload) =>
  cached(payload, 'listing-paid-types', cacheTagsOf('eventList'), async () => {
    const { rows } = await postgresAdapterOf(payload).drizzle.execute<{ id: number | string }>(sql`
      SELECT DISTINCT event_id AS id FROM ticket_types
       WHERE price > 0 AND coalesce(hidden, false) = false`)
    return rows.map(({ id }) => id)
  })

/** The published events a full-text search matches (at most 500, best first). */
const searchMatches = (payload: Payload, q: string) =>
  cached(payload, `listing-search:${q}`, cacheTagsOf('eventList'), async () => {
    const { rows } = await postgresAdapterOf(payload).drizzle.execute<{ id: number | string }>(sql`
      SELECT e.id FROM events e, websearch_to_tsquery('english', ${q}) AS query
       WHERE ${sql.raw(publishedEventSql('e'))} AND e.search_vector @@ query
       ORDER BY ts_rank(e.search_vector, query) DESC LIMIT ${MAX_SEARCH_MATCHES}`)
    return rows.map(({ id }) => id)
  })

/**
 * The listing's filters as the `where` of `GET /api/events`, with the ids the full-text search
 * and the paid ticket types stand for looked up (both from the public cache).
 */
export const eventListingWhere = async (
  payload: Payload,
  filters: EventFilters,
  now: Date,
): Promise<Where> =>
  eventFiltersWhere(filters, now, {
    matching: filters.q ? await searchMatches(payload, filters.q) : undefined,
    withPaidTypes: filters.cost ? await eventsWithPaidTypes(payload) : undefined,
  })

export type EventListing = {
  docs: (EventDoc & { priceFrom: number })[]
  page: number
  totalDocs: number
  totalPages: number
}

/**
 * One page of the site's event listing as an anonymous visitor sees it: the page of ids from the
 * public cache (cleared by any change of events, venues, tags, ticket types or media, and every
 * minute, since "upcoming" moves with the clock), each event from the cache, and the seats read
 * live. Upcoming events soonest first, past ones latest first.
 */
export const listEvents = async (
  payload: Payload,
  filters: EventFilters,
): Promise<EventListing> => {
  const key = `listing:${JSON.stringify(filters)}`
  const { cheapest, ids, totalDocs } = await cached(
    payload,
    key,
    cacheTagsOf('eventList'),
    async () => {
      const found = await payload.find({
        collection: slugs.events,
        depth: 0,
        limit: LISTING_PAGE_SIZE,
        overrideAccess: false,
        page: filters.page,
        select: {},
        sort: filters.past ? '-startDate' : 'startDate',
        where: await eventListingWhere(payload, filters, new Date()),
      })
      const ids = found.docs.map(({ id }) => id)
      // "From": the cheapest ticket type on sale anyone may see, else the event's own price.
      const types = ids.length
        ? await payload.find({
            collection: slugs.ticketTypes,
            depth: 0,
            limit: 500,
            overrideAccess: false,
            pagination: false,
            select: { event: true, price: true },
            where: { event: { in: ids } },
          })
        : { docs: [] }
      const cheapest: Record<string, number> = {}
      for (const type of types.docs as unknown as { event: unknown; price: number }[]) {
        const event = String(type.event)
        cheapest[event] = Math.min(cheapest[event] ?? Infinity, Number(type.price))
      }
      return { cheapest, ids, totalDocs: found.totalDocs }
    },
    { ttlMs: 60_000 },
  )
  const [booked, events] = await Promise.all([
    Promise.all(ids.map((id) => publishedSeatsBooked(payload, id))),
    cachedPublicEvents(payload, ids, 1),
  ])
  return {
    docs: events.flatMap((event, index) =>
      event
        ? [
            {
              ...withLiveSeats(event, booked[index] ?? event.seatsBooked ?? 0),
              priceFrom: cheapest[String(event.id)] ?? Number(event.price ?? 0),
            },
          ]
        : [],
    ),
    page: filters.page,
    totalDocs,
    totalPages: Math.ceil(totalDocs / LISTING_PAGE_SIZE),
  }
}

export type ListingOptions = {
  tags: { id: number | string; name: string }[]
  venues: { id: number | string; name: string }[]
}

/**
 * The choices of the listing's tag and venue filters (names only, at most 200 each, by name),
 * from the public cache: the listing page reads no table for them.
 */
export const listingOptions = (payload: Payload): Promise<ListingOptions> =>
  cached(payload, 'listing-options', cacheTagsOf('eventList'), async () => {
    const names = async (collection: typeof slugs.tags | typeof slugs.venues) =>
      (
        await payload.find({
          collection,
          depth: 0,
          limit: 200,
          overrideAccess: false,
          pagination: false,
          select: { name: true },
          sort: 'name',
        })
      ).docs.map((doc) => {
        const { id, name } = doc as unknown as { id: number | string; name: string }
        return { id, name }
      })
    const [tags, venues] = await Promise.all([names(slugs.tags), names(slugs.venues)])
    return { tags, venues }
  })
