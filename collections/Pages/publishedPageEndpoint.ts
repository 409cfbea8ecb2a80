import type { Endpoint } from 'payload'

import { publishedPageResponse } from '../../src/site/publicResponses'

/**
 * `GET /api/pages/published/:slug`: the published page as the public site sees it (depth 2, no
 * hidden blocks), from the cache the site uses, cleared after every committed change. A cache hit
 * runs no SQL. The reference app also routes this path straight to Next.js (src/app).
 */
export const publishedPageEndpoint: Endpoint = {
  handler: (req) => publishedPageResponse(req.payload, String(req.routeParams?.slug ?? '')),
  method: 'get',
  path: '/published/:slug',
}
