import type { Endpoint } from 'payload'

import { intParam } from '../../src/utilities/intParam'
import { searchEvents } from './searchEvents'

/** GET /api/events/search?q=jazz+berlin&limit=10&page=1&depth=1 */
export const searchEventsEndpoint: Endpoint = {
  handler: async (req) =>
    Response.json(
      await searchEvents(req, {
        depth: intParam(req.query.depth, 1, 0, 2),
        limit: intParam(req.query.limit, 10, 1, 50),
        page: intParam(req.query.page, 1, 1, 1000),
        q: typeof req.query.q === 'string' ? req.query.q : '',
      }),
    ),
  method: 'get',
  path: '/search',
}
