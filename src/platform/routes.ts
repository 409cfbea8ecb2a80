/**
 * Payload's REST and GraphQL route handlers behind the platform's request guard (limits, input
 * checks, the anonymous-read lane, timeouts and 503s, HTTP caching). Use them in the app's
 * `app/(payload)/api/[...slug]/route.ts` and `app/(payload)/api/graphql/route.ts` in place of
 * `@payloadcms/next/routes`.
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
import type { SanitizedConfig } from 'payload'

import { platformSettingsOf } from '../utilities/platformSettings'
import { hasCredentials } from '../utilities/credentials'
import { guardRequest } from './requests/guardRequest'
import { withHttpCaching } from './requests/httpCache'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig
type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>
/** A handler put between the guard and Payload's (a fast path that answers some requests). */
export type InFront = <Args extends unknown[]>(
  config: ConfigInput,
  next: Handler<Args>,
) => Handler<Args>

/**
 * HEAD answers what GET would, without the body (Payload routes by method and has no HEAD: every
 * HEAD was a 404).
 */
const headOf =
  <Args extends unknown[]>(get: Handler<Args>) =>
  async (request: Request, ...args: Args): Promise<Response> => {
    const response = await get(
      new Request(request.url, { headers: request.headers, method: 'GET', signal: request.signal }),
      ...args,
    )
    return new Response(null, { headers: response.headers, status: response.status })
  }

const direct: InFront = (_config, next) => next

/** `inFront` sees GET and POST requests after the guard, before Payload's handler. */
export const restRoutes = (
  config: ConfigInput,
  { inFront = direct }: { inFront?: InFront } = {},
) => {
  const GET = guardRequest(config, inFront(config, REST_GET(config)))
  return {
    DELETE: guardRequest(config, REST_DELETE(config)),
    GET,
    HEAD: headOf(GET),
    OPTIONS: REST_OPTIONS(config),
    PATCH: guardRequest(config, REST_PATCH(config)),
    POST: guardRequest(config, inFront(config, REST_POST(config))),
    PUT: guardRequest(config, REST_PUT(config)),
  }
}

export const graphQLRoutes = (config: ConfigInput) => ({
  POST: guardRequest(config, GRAPHQL_POST(config), { graphQL: true }),
})

/**
 * The platform's HTTP caching (ETag, 304, Cache-Control; `private, no-store` with credentials)
 * for an app's own public GET route, such as a fast path in front of Payload's catch-all.
 */
export const httpCaching =
  (configInput: ConfigInput) =>
  async (request: Request, response: Response): Promise<Response> => {
    const config = await configInput
    return withHttpCaching(request, response, {
      credentials: hasCredentials(request, config),
      settings: platformSettingsOf({ config }).httpCache,
    })
  }

export { guardRequest }
