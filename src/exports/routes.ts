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
import { fastPathRoute, openFrontDoor, passToNext } from '../platform/requests/frontDoor'
import { apiSegments } from '../utilities/apiSegments'
import { publicSettingsResponse, publishedPageResponse } from '../site/publicResponses'
import { settingsOf } from '../settings'
import { globalSlugs, slugs } from '../slugs'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

/** In front of Payload's handler: anonymous reads from the public cache, then bookings. */
const inFront = <Args extends unknown[]>(
  config: ConfigInput,
  next: (request: Request, ...args: Args) => Promise<Response>,
) => cachedReadsRoute(config, bookingsFastRoute(config, next))

/** Paths of the fast paths in front: `events`, `events/<id or search>`, `bookings`, the media list. */
const fastPaths = (pathname: string, config: SanitizedConfig): boolean => {
  const [slug, id, ...more] = apiSegments(pathname, config) ?? []
  if (slug === slugs.events) return more.length === 0
  return (
    id === undefined && (slug === slugs.bookings || slug === settingsOf({ config }).slugs.media)
  )
}

/**
 * Also opens the front door (src/platform/requests/frontDoor.ts) for the fast reads, and for
 * `POST /api/bookings` with this route's own POST (the whole route: it never passes).
 */
export const restRoutes = (config: ConfigInput) => {
  const routes = platformRestRoutes(config, { inFront })
  openFrontDoor(config, 'fastReads', fastPathRoute(config, fastPaths, inFront(config, passToNext)))
  openFrontDoor(config, 'bookings', {
    answer: (request) =>
      routes.POST(request, { params: Promise.resolve({ slug: [slugs.bookings] }) }),
    matches: (method, pathname, resolved) =>
      method === 'POST' && apiSegments(pathname, resolved)?.join('/') === slugs.bookings,
  })
  return routes
}

/**
 * `GET /api/pages/published/<slug>` as an app route of its own: Next.js matches it before Payload's
 * catch-all, so a cached page is served without Payload's per-request setup. Same answer, limits,
 * 503s and HTTP caching as the plugin's endpoint at that path.
 */
export const publishedPageRoute = (config: ConfigInput) => {
  const answer = async (slug: string) => publishedPageResponse(await getPayload({ config }), slug)
  openFrontDoor(
    config,
    'publishedPage',
    fastPathRoute(
      config,
      (pathname, resolved) => {
        const [collection, published, slug, ...more] = apiSegments(pathname, resolved) ?? []
        return collection === slugs.pages && published === 'published' && !!slug && !more.length
      },
      // The door's paths are plain (no percent-encoding): the last segment is the slug as is.
      (request) => answer(new URL(request.url).pathname.split('/').pop() ?? ''),
    ),
  )
  return {
    GET: guardRequest(
      config,
      async (_request: Request, { params }: { params: Promise<{ slug: string }> }) =>
        answer((await params).slug),
    ),
  }
}

/** `GET /api/globals/<site-settings>/public` as an app route of its own (see publishedPageRoute). */
export const publicSettingsRoute = (config: ConfigInput) => {
  const answer = async () => publicSettingsResponse(await getPayload({ config }))
  const path = ['globals', globalSlugs.siteSettings, 'public'].join('/')
  openFrontDoor(
    config,
    'publicSettings',
    fastPathRoute(
      config,
      (pathname, resolved) => apiSegments(pathname, resolved)?.join('/') === path,
      answer,
    ),
  )
  return { GET: guardRequest(config, answer) }
}

export { graphQLRoutes, guardRequest, httpCaching }
