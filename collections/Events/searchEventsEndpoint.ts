import type { Endpoint } from 'payload'

import { intParam } from '../../src/utilities/intParam'
import { searchEvents } from './searchEvents'

/** Marks the endpoint whose anonymous searches collections/Events/cachedReadsRoute.ts answers. */
export const PUBLIC_SEARCH = 'eventsCmsPublicSearch'

/** The search's parameters as the endpoint reads them (defaults and bounds in one place). */
export const searchArgs = (query: Record<string, unknown>) => ({
  depth: intParam(query.depth, 1, 0, 2),
  limit: intParam(query.limit, 10, 1, 50),
  page: intParam(query.page, 1, 1, 1000),
  q: typeof query.q === 'string' ? query.q : '',
})

/** GET /api/events/search?q=jazz+berlin&limit=10&page=1&depth=1 */
export const searchEventsEndpoint: Endpoint = {
  custom: { [PUBLIC_SEARCH]: true },
  handler: async (req) =>
    Response.json(await searchEvents(req, searchArgs(req.query as Record<string, unknown>))),
  method: 'get',
  path: '/search',
}
