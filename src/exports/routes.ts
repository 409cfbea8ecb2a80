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
import type { SanitizedConfig } from 'payload'

import { guardRequest } from '../routes/guardRequest'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

export const restRoutes = (config: ConfigInput) => ({
  DELETE: guardRequest(config, REST_DELETE(config)),
  GET: guardRequest(config, REST_GET(config)),
  OPTIONS: REST_OPTIONS(config),
  PATCH: guardRequest(config, REST_PATCH(config)),
  POST: guardRequest(config, REST_POST(config)),
  PUT: guardRequest(config, REST_PUT(config)),
})

export const graphQLRoutes = (config: ConfigInput) => ({
  POST: guardRequest(config, GRAPHQL_POST(config), { graphQL: true }),
})

export { guardRequest }
