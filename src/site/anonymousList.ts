import type { CollectionSlug, Endpoint, PayloadRequest } from 'payload'

import {
  IN_FRONT_OF_PAYLOAD,
  notFoundResponse,
  payloadsHandler,
} from '../utilities/payloadsEndpoint'
import { cached } from '../utilities/publicCache'
import { type CachedAnswer, cacheTagsOf } from './cacheDependencies'

/** Marks the endpoints whose anonymous answers anonymousList caches. */
export const ANONYMOUS_LIST = 'eventsCmsAnonymousList'

/** A list as Payload's find answers it. */
export type ListBody = { docs: ({ id: number | string } & Record<string, unknown>)[] } & Record<
  string,
  unknown
>

/**
 * The same query string, however its parameters are ordered, is the same list: one cache entry.
 * (`where[a]=1&where[b]=2` and `where[b]=2&where[a]=1` ask for the same documents.)
 */
export const listKeyOf = (url: URL, slug: string): string => {
  const params = [...url.searchParams]
  params.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
  return `list:${slug}:${new URLSearchParams(params).toString()}`
}

/**
 * GET /api/<slug> for anonymous visitors, with any query string: Payload's own list, kept in the
 * public cache per (normalised) query string until one of `answer`'s sources changes anywhere
 * (src/site/cacheDependencies.ts; the cache is bounded and shared out across app instances).
 * What Payload refuses (a 4xx) is never cached. `live` brings a cached page up to date with what
 * changes without clearing the cache (seat counters). Signed-in users get Payload's handler.
 */
export const anonymousList = async (
  req: PayloadRequest,
  slug: string,
  answer: CachedAnswer,
  live: (req: PayloadRequest, body: ListBody) => ListBody | Promise<ListBody> = (_, body) => body,
): Promise<Response> => {
  const handler = payloadsHandler(req, slug as CollectionSlug, 'get', '/')
  if (!handler) return notFoundResponse()
  if (req.user) return handler(req)
  let refused: Response | undefined
  const body = await cached(
    req.payload,
    listKeyOf(new URL(req.url ?? 'http://x/'), slug),
    cacheTagsOf(answer),
    async () => {
      const response = await handler(req)
      if (response.status !== 200) {
        refused = response
        return null
      }
      return (await response.json()) as ListBody
    },
    { keepIf: (list) => list !== null },
  )
  if (refused) return refused
  if (!body) return handler(req)
  return Response.json(await live(req, body))
}

/** GET /api/<slug> of a collection whose anonymous list is `answer`, from the public cache. */
export const anonymousListEndpoint = (slug: string, answer: CachedAnswer): Endpoint => ({
  custom: { [ANONYMOUS_LIST]: true, [IN_FRONT_OF_PAYLOAD]: true },
  handler: (req) => anonymousList(req, slug, answer),
  method: 'get',
  path: '/',
})
