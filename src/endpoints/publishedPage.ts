import type { Endpoint } from 'payload'

import { getPublishedPage } from '../site/data'
import { PublicError } from '../utilities/publicError'

/**
 * `GET /api/pages/published/:slug`: the published page as the public site sees it (depth 2, no
 * hidden blocks), from the cache the site uses, cleared after every committed change. A cache hit
 * runs no SQL.
 */
export const publishedPageEndpoint: Endpoint = {
  handler: async (req) => {
    const slug = String(req.routeParams?.slug ?? '')
    const page = await getPublishedPage(req.payload, slug)
    if (!page) throw new PublicError(`No published page "${slug}".`, 404, { slug })
    return Response.json(page)
  },
  method: 'get',
  path: '/published/:slug',
}
