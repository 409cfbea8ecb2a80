import type { Payload } from 'payload'

import type { EventDoc } from '../../src/documents'
import type { DocId } from '../../src/utilities/ids'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { publishedSeatsBooked, seatsLeft } from './liveSeats'
import { slugs } from '../../src/slugs'
import { cachedAnonymousDocs } from '../../src/site/cachedAnonymousDocs'
import { cached } from '../../src/utilities/publicCache'

/** The public cache's key of an event as an anonymous visitor reads it at `depth`. */
export const publicEventKey = (id: DocId, depth: 0 | 1): string => `event:${id}:${depth}`

/**
 * Events as an anonymous visitor reads them (published only), at depth 0 or 1, from the public
 * cache: hooks on events, venues, tags and media clear it after commit. The ones not cached are
 * loaded together with ONE find (a cold search page is one query, not ten). Their seat counters
 * change with every booking without clearing anything, so callers read them live: `withLiveSeats`.
 * Resolves in the order of `ids`, with null for an event the visitor cannot read.
 */
export const cachedPublicEvents = (
  payload: Payload,
  ids: DocId[],
  depth: 0 | 1,
): Promise<(EventDoc | null)[]> =>
  cachedAnonymousDocs<EventDoc>(payload, ids, {
    collection: slugs.events,
    depth,
    keyOf: (id) => publicEventKey(id, depth),
    tags: cacheTagsOf('event'),
  })

/** The event with its current seat counter (and what that leaves), without touching the cache. */
export const withLiveSeats = (event: EventDoc, seatsBooked: number): EventDoc => ({
  ...event,
  seatsAvailable: seatsLeft(event.capacity, seatsBooked),
  seatsBooked,
})

/**
 * One published event by slug as an anonymous visitor reads it (depth 1: its venue, tags, image),
 * the site's event page: the slug's id and the event from the public cache (cleared by any change
 * of the event, its venue, tags, ticket types or media), the seats read live. Null for a draft,
 * an archived event or an unknown slug (not cached, so made-up slugs cannot grow the cache).
 */
export const publishedEventBySlug = async <TEvent = EventDoc>(
  payload: Payload,
  slug: string,
): Promise<null | TEvent> => {
  if (!slug || slug.length > 200) return null
  const id = await cached<DocId | null>(
    payload,
    `event-slug:${slug}`,
    cacheTagsOf('event'),
    async () => {
      const { docs } = await payload.find({
        collection: slugs.events,
        depth: 0,
        limit: 1,
        overrideAccess: false,
        pagination: false,
        select: {},
        where: { slug: { equals: slug } },
      })
      return docs[0]?.id ?? null
    },
    { keepIf: (found) => found !== null },
  )
  if (id === null) return null
  const [[event], booked] = await Promise.all([
    cachedPublicEvents(payload, [id], 1),
    publishedSeatsBooked(payload, id),
  ])
  return event ? (withLiveSeats(event, booked ?? event.seatsBooked ?? 0) as TEvent) : null
}
