import type { Payload } from 'payload'

import type { EventDoc } from '../../src/documents'
import type { DocId } from '../../src/utilities/ids'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { seatsLeft } from './liveSeats'
import { slugs } from '../../src/slugs'
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
): Promise<(EventDoc | null)[]> => {
  const missing: DocId[] = []
  let batch: Promise<Map<string, EventDoc>> | undefined
  // `cached` calls the loader synchronously on a miss, so every miss is listed before the find
  // starts on the next microtask.
  const load = (id: DocId) => {
    missing.push(id)
    batch ??= Promise.resolve().then(async () => {
      const { docs } = await payload.find({
        collection: slugs.events,
        depth,
        overrideAccess: false,
        pagination: false,
        where: { id: { in: missing } },
      })
      return new Map(docs.map((doc) => [String(doc.id), doc as unknown as EventDoc]))
    })
    return batch.then((found) => found.get(String(id)) ?? null)
  }
  return Promise.all(
    ids.map((id) =>
      cached(payload, publicEventKey(id, depth), cacheTagsOf('event'), () => load(id), {
        keepIf: (doc) => doc !== null,
      }),
    ),
  )
}

/** The event with its current seat counter (and what that leaves), without touching the cache. */
export const withLiveSeats = (event: EventDoc, seatsBooked: number): EventDoc => ({
  ...event,
  seatsAvailable: seatsLeft(event.capacity, seatsBooked),
  seatsBooked,
})
