import type { Payload } from 'payload'

import type { Event } from '../../payload-types'
import { slugs } from '../slugs'
import { cached } from './publicCache'

/**
 * One event as an anonymous visitor reads it (published only), at depth 0 or 1, from the public
 * cache: hooks on events, venues, tags and media clear it after commit. Its seat counter changes
 * with every booking without clearing anything, so callers read it live: `withLiveSeats`.
 */
export const cachedPublicEvent = (
  payload: Payload,
  id: string,
  depth: 0 | 1,
): Promise<Event | null> =>
  cached(
    payload,
    `event:${id}:${depth}`,
    ['events', 'media'],
    () =>
      payload.findByID({
        collection: slugs.events,
        depth,
        disableErrors: true,
        id,
        overrideAccess: false,
      }) as Promise<Event | null>,
    { keepIf: (doc) => doc !== null },
  )

/** The event with its current seat counter (and what that leaves), without touching the cache. */
export const withLiveSeats = (event: Event, seatsBooked: number): Event => ({
  ...event,
  seatsAvailable: Math.max(0, event.capacity - seatsBooked),
  seatsBooked,
})
