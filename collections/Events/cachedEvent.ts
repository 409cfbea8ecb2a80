import type { Payload } from 'payload'

import type { EventDoc } from '../../src/documents'
import type { DocId } from '../../src/utilities/ids'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { seatsLeft } from './liveSeats'
import { slugs } from '../../src/slugs'
import { cachedAnonymousDocs } from '../../src/site/cachedAnonymousDocs'

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
