/**
 * `payload-events-cms/routes`: Payload's REST and GraphQL route handlers behind the platform's
 * request guard, with the events plugin's fast paths (anonymous reads from the public cache,
 * bookings) in front of Payload's handlers,
 * and the public site's cached answers as app routes of their own. Use them in the app's
 * `app/(payload)/api/[...slug]/route.ts` and `app/(payload)/api/graphql/route.ts` in place of
 * `@payloadcms/next/routes`.
 */
import { getPayload, type SanitizedConfig } from 'payload'

import { bookingsFastRoute } from '../../collections/Bookings/bookingsFastRoute'
import {
  graphQLRoutes,
  guardRequest,
  httpCaching,
  restRoutes as platformRestRoutes,
} from '../platform/routes'
import { cachedReadsRoute } from '../../collections/Events/cachedReadsRoute'
import { publicSettingsResponse, publishedPageResponse } from '../site/publicResponses'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

/** In front of Payload's handler: anonymous reads from the public cache, then bookings. */
const inFront = <Args extends unknown[]>(
  config: ConfigInput,
  next: (request: Request, ...args: Args) => Promise<Response>,
) => cachedReadsRoute(config, bookingsFastRoute(config, next))

export const restRoutes = (config: ConfigInput) => platformRestRoutes(config, { inFront })

/**
 * `GET /api/pages/published/<slug>` as an app route of its own: Next.js matches it before Payload's
 * catch-all, so a cached page is served without Payload's per-request setup. Same answer, limits,
 * 503s and HTTP caching as the plugin's endpoint at that path.
 */
export const publishedPageRoute = (config: ConfigInput) => ({
  GET: guardRequest(
    config,
    async (_request: Request, { params }: { params: Promise<{ slug: string }> }) =>
      publishedPageResponse(await getPayload({ config }), (await params).slug),
  ),
})

/** `GET /api/globals/<site-settings>/public` as an app route of its own (see publishedPageRoute). */
export const publicSettingsRoute = (config: ConfigInput) => ({
  GET: guardRequest(config, async () => publicSettingsResponse(await getPayload({ config }))),
})

export { graphQLRoutes, guardRequest, httpCaching }
