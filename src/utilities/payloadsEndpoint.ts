import type { CollectionSlug, PayloadHandler, PayloadRequest } from 'payload'

/** Marks an endpoint that stands in front of Payload's own one at the same path. */
export const IN_FRONT_OF_PAYLOAD = 'eventsCmsInFrontOfPayload'

/**
 * What Payload would have run for this request had the plugin's endpoint in front of it not been
 * registered: the next `method` endpoint of the collection whose path matches (a static path wins
 * over a parameter, as in Payload's own matching).
 */
export const payloadsHandler = (
  req: PayloadRequest,
  collection: CollectionSlug,
  method: 'get',
  path: string,
): PayloadHandler | undefined => {
  const endpoints = req.payload.collections[collection]?.config.endpoints || []
  const next = endpoints.filter(
    (endpoint) =>
      endpoint.method === method &&
      !endpoint.custom?.[IN_FRONT_OF_PAYLOAD] &&
      (endpoint.path === path || (path !== '/' && /^\/:[^/]+$/.test(endpoint.path))),
  )
  return (next.find((endpoint) => endpoint.path === path) ?? next[0])?.handler
}

export const notFoundResponse = (): Response =>
  Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 })
