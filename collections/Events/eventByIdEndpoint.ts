import type { Endpoint, PayloadRequest } from 'payload'

import { slugs } from '../../src/slugs'
import {
  IN_FRONT_OF_PAYLOAD,
  notFoundResponse,
  payloadsHandler,
} from '../../src/utilities/payloadsEndpoint'
import { settingsOf } from '../../src/settings'
import { type DocId, parseId } from '../../src/utilities/ids'
import { cachedPublicEvents, withLiveSeats } from './cachedEvent'
import { publishedSeatsBooked } from './liveSeats'

/** Marks the endpoint whose anonymous answers ./cachedReadsRoute.ts serves from the cache. */
export const PUBLIC_EVENT = 'eventsCmsPublicEvent'

/**
 * The depth of a plain read the cache serves: exactly one query parameter, `depth`, 0 or 1
 * (anything else, a repeated `depth` included, is Payload's to answer).
 */
export const plainReadDepth = (params: [string, unknown][]): 0 | 1 | undefined => {
  const [[name, depth] = []] = params
  if (params.length !== 1 || name !== 'depth') return undefined
  return depth === '0' ? 0 : depth === '1' ? 1 : undefined
}

/** The event id and depth when a request is the anonymous, plain read served from the cache. */
const cachedRead = (req: PayloadRequest): { depth: 0 | 1; id: DocId } | undefined => {
  if (req.user) return undefined
  const id = parseId(req.routeParams?.id, settingsOf(req.payload).idType)
  const depth = plainReadDepth(Object.entries(req.query))
  return id === undefined || depth === undefined ? undefined : { depth, id }
}

/**
 * GET /api/events/:id for anonymous visitors, the most read document of an events site. The
 * populated event (depth 0 or 1) comes from the public cache, which hooks clear after commit when
 * the event, a venue, a tag or a media file changes; the seat counter, which every booking
 * changes, is read live with one prepared statement. Anything else (signed-in users, who may see
 * drafts; other parameters; other depths; other paths such as /count) goes to Payload's own
 * handler, unchanged.
 */
export const eventByIdEndpoint: Endpoint = {
  custom: { [IN_FRONT_OF_PAYLOAD]: true, [PUBLIC_EVENT]: true },
  handler: async (req) => {
    const read = cachedRead(req)
    const [event] = read ? await cachedPublicEvents(req.payload, [read.id], read.depth) : []
    const booked = read && event ? await publishedSeatsBooked(req.payload, read.id) : undefined
    if (event && booked !== undefined) return Response.json(withLiveSeats(event, booked))
    const handler = payloadsHandler(
      req,
      slugs.events,
      'get',
      `/${String(req.routeParams?.id ?? '')}`,
    )
    return handler ? handler(req) : notFoundResponse()
  },
  method: 'get',
  path: '/:id',
}
