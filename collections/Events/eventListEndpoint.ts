import type { Endpoint, PayloadRequest } from 'payload'

import { cacheTagsOf } from '../../src/site/cacheDependencies'
import type { EventDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import {
  IN_FRONT_OF_PAYLOAD,
  notFoundResponse,
  payloadsHandler,
} from '../../src/utilities/payloadsEndpoint'
import { runPrepared } from '../../src/utilities/preparedQuery'
import { cached } from '../../src/utilities/publicCache'
import { pgArray } from '../../src/utilities/sqlValues'
import { eventsSeats, seatsLeft } from './liveSeats'

type ListBody = { docs: (Partial<EventDoc> & { id: number | string })[] } & Record<string, unknown>
type SeatsRow = { booked: number; capacity: number; id: string }

/**
 * The same query string, however its parameters are ordered, is the same list: one cache entry.
 * (`where[a]=1&where[b]=2` and `where[b]=2&where[a]=1` ask for the same events.)
 */
const listKey = (req: PayloadRequest): string => {
  const params = [...new URL(req.url ?? 'http://x/').searchParams]
  params.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
  return `event-list:${new URLSearchParams(params).toString()}`
}

/** The cached page of events with each event's seat counters as they are now. */
const withLiveSeats = async (req: PayloadRequest, body: ListBody): Promise<ListBody> => {
  const counted = body.docs.filter((doc) => 'seatsBooked' in doc || 'seatsAvailable' in doc)
  if (counted.length === 0) return body
  const { idType } = settingsOf(req.payload)
  const rows = await runPrepared<SeatsRow>(req, eventsSeats(idType), [
    pgArray(counted.map(({ id }) => id)),
  ])
  const live = new Map(rows.map((row) => [row.id, row]))
  return {
    ...body,
    docs: body.docs.map((doc) => {
      const row = live.get(String(doc.id))
      if (!row) return doc
      return {
        ...doc,
        ...('seatsBooked' in doc ? { seatsBooked: row.booked } : {}),
        ...('seatsAvailable' in doc ? { seatsAvailable: seatsLeft(row.capacity, row.booked) } : {}),
      }
    }),
  }
}

/**
 * GET /api/events for anonymous visitors, with any query string: Payload's own list, kept in the
 * public cache per (normalised) query string until an event, venue, tag or media file changes
 * anywhere (the cache is bounded and shared out across app instances: src/utilities/publicCache.ts),
 * with the seat counters read live for the page's events in one prepared statement. What Payload
 * refuses (a 4xx) is never cached. Signed-in users always get Payload's handler, unchanged.
 */
export const eventListEndpoint: Endpoint = {
  custom: { [IN_FRONT_OF_PAYLOAD]: true },
  handler: async (req) => {
    const handler = payloadsHandler(req, slugs.events, 'get', '/')
    if (!handler) return notFoundResponse()
    if (req.user) return handler(req)
    let refused: Response | undefined
    const body = await cached(
      req.payload,
      listKey(req),
      cacheTagsOf('eventList'),
      async () => {
        const response = await handler(req)
        if (response.status !== 200) {
          refused = response
          return null
        }
        return (await response.json()) as ListBody
      },
      { keepIf: (list) => list !== null },
    )
    if (refused) return refused
    if (!body) return handler(req)
    return Response.json(await withLiveSeats(req, body))
  },
  method: 'get',
  path: '/',
}
