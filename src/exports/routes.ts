/**
 * Payload's REST and GraphQL route handlers behind the plugin's request limits. Use them in the
 * app's `app/(payload)/api/[...slug]/route.ts` and `app/(payload)/api/graphql/route.ts` in place
 * of `@payloadcms/next/routes`.
 */
import {
  GRAPHQL_POST,
  REST_DELETE,
  REST_GET,
  REST_OPTIONS,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'
import { getPayload, type SanitizedConfig } from 'payload'

import { bookingsFastRoute } from '../../collections/Bookings/bookingsFastRoute'
import { settingsOf } from '../settings'
import { guardRequest, hasCredentials } from '../routes/guardRequest'
import { withHttpCaching } from '../routes/httpCache'
import { publicSettingsResponse, publishedPageResponse } from '../site/publicResponses'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

/**
 * HEAD answers what GET would, without the body (Payload routes by method and has no HEAD: every
 * HEAD was a 404).
 */
const headOf =
  <Args extends unknown[]>(get: (request: Request, ...args: Args) => Promise<Response>) =>
  async (request: Request, ...args: Args): Promise<Response> => {
    const response = await get(
      new Request(request.url, { headers: request.headers, method: 'GET', signal: request.signal }),
      ...args,
    )
    return new Response(null, { headers: response.headers, status: response.status })
  }

export const restRoutes = (config: ConfigInput) => {
  const GET = guardRequest(config, bookingsFastRoute(config, REST_GET(config)))
  return {
    DELETE: guardRequest(config, REST_DELETE(config)),
    GET,
    HEAD: headOf(GET),
    OPTIONS: REST_OPTIONS(config),
    PATCH: guardRequest(config, REST_PATCH(config)),
    POST: guardRequest(config, bookingsFastRoute(config, REST_POST(config))),
    PUT: guardRequest(config, REST_PUT(config)),
  }
}

export const graphQLRoutes = (config: ConfigInput) => ({
  POST: guardRequest(config, GRAPHQL_POST(config), { graphQL: true }),
})

/**
 * The plugin's HTTP caching (ETag, 304, Cache-Control; `private, no-store` with credentials) for
 * an app's own public GET route, such as a fast path in front of Payload's catch-all.
 */
export const httpCaching =
  (configInput: ConfigInput) =>
  async (request: Request, response: Response): Promise<Response> => {
    const config = await configInput
    return withHttpCaching(request, response, {
      credentials: hasCredentials(request, config),
      settings: settingsOf({ config }).httpCache,
    })
  }

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

export { guardRequest }
