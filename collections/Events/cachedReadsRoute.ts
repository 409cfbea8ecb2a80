import {
  type Endpoint,
  getPayload,
  headersWithCors,
  type Payload,
  type PayloadRequest,
  type SanitizedConfig,
} from 'payload'

import { publicEventKey } from './cachedEvent'
import { plainReadDepth, PUBLIC_EVENT } from './eventByIdEndpoint'
import { eventJson, listJson } from './liveSeatsJson'
import { anonymousSearch, searchQuery } from './searchEvents'
import { PUBLIC_SEARCH, searchArgs } from './searchEventsEndpoint'
import { PublicError } from '../../src/utilities/publicError'
import type { EventDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { apiSegments } from '../../src/utilities/apiSegments'
import { hasCredentials } from '../../src/utilities/credentials'
import { parseId } from '../../src/utilities/ids'
import { peekCache } from '../../src/utilities/publicCache'
import { ANONYMOUS_LIST, type ListBody, listKeyOf } from '../../src/site/anonymousList'

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>
type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig
type Reader = Pick<PayloadRequest, 'payload'>

/** Whether an endpoint's path matches `path` (`:name` segments match any one segment). */
const matches = (pattern: string, path: string): boolean => {
  const want = pattern.split('/')
  const have = path.split('/')
  return (
    want.length === have.length &&
    want.every((part, index) => part.startsWith(':') || part === have[index])
  )
}

/** The GET endpoint of `slug` Payload routes `path` to first (its own find when none). */
const endpointFor = (payload: Payload, slug: string, path: string): Endpoint | undefined => {
  const collections: Partial<Record<string, { config: { endpoints: Endpoint[] | false } }>> =
    payload.collections
  const endpoints = collections[slug]?.config.endpoints
  return Array.isArray(endpoints)
    ? endpoints.find((endpoint) => endpoint.method === 'get' && matches(endpoint.path, path))
    : undefined
}

/** One anonymous event at depth 0 or 1, with its seats read live (one statement), as JSON. */
const cachedEvent = async (reader: Reader, id: string, url: URL) => {
  const depth = plainReadDepth([...url.searchParams])
  const parsed = parseId(id, settingsOf(reader.payload).idType)
  if (parsed === undefined || depth === undefined) return undefined
  const event = await peekCache<EventDoc | null>(reader.payload, publicEventKey(parsed, depth))
  return event ? eventJson(reader.payload, event) : undefined
}

/** An anonymous search (`?q=` with at most `limit`, `page`, `depth` 0 or 1, each once). */
const cachedSearch = async (payload: Payload, url: URL) => {
  const params = [...url.searchParams]
  const names = params.map(([name]) => name)
  const known = ['depth', 'limit', 'page', 'q']
  if (new Set(names).size !== names.length || names.some((name) => !known.includes(name)))
    return undefined
  const { depth, ...args } = searchArgs(Object.fromEntries(params))
  if (depth !== 0 && depth !== 1) return undefined
  try {
    return await anonymousSearch(payload, { ...args, depth, q: searchQuery(args.q) })
  } catch (error) {
    // A refusal (no or too long a query): Payload's handler answers it as always.
    if (error instanceof PublicError) return undefined
    throw error
  }
}

/** An anonymous list of `slug` as cached for this query string (events with live seats), as JSON. */
const cachedList = async (reader: Reader, slug: string, url: URL) => {
  const body = await peekCache<ListBody | null>(reader.payload, listKeyOf(url, slug))
  return body ? listJson(reader.payload, body, { events: slug === slugs.events }) : undefined
}

/**
 * Anonymous reads answered from the public cache before Payload makes its request (the user,
 * locale and permissions it works out cost more than the answer itself): `GET /api/events/:id`
 * at depth 0 or 1, the anonymous lists of events and media, and the search (its ranked ids are
 * cached per query; a miss runs the ranking here). Otherwise only a hit is answered here, with
 * the answer the plugin's endpoint would give and the headers Payload would add; a miss, any
 * credentials, another query or an app's own endpoint in front of the plugin's go to `next`
 * (Payload's handler), which fills the cache. Behind the platform's guard like everything else.
 */
export const cachedReadsRoute =
  <Args extends unknown[]>(configInput: ConfigInput, next: Handler<Args>): Handler<Args> =>
  async (request, ...args) => {
    const config = await configInput
    if (
      request.method !== 'GET' ||
      hasCredentials(request, config) ||
      request.headers.has('x-payload-http-method-override') ||
      request.headers.has('x-http-method-override')
    )
      return next(request, ...args)
    const url = new URL(request.url)
    const segments = apiSegments(url.pathname, config)
    if (!segments) return next(request, ...args)
    const [slug = '', id, ...more] = segments
    const payload = await getPayload({ config })
    const list =
      id === undefined && (slug === slugs.events || slug === settingsOf(payload).slugs.media)
    const single = id !== undefined && slug === slugs.events && more.length === 0
    if (!list && !single) return next(request, ...args)
    const path = id === undefined ? '/' : `/${id}`
    const endpoint = endpointFor(payload, slug, path)
    const reader = { payload }
    const answer =
      id === undefined
        ? endpoint?.custom?.[ANONYMOUS_LIST] && (await cachedList(reader, slug, url))
        : endpoint?.custom?.[PUBLIC_SEARCH]
          ? await cachedSearch(payload, url)
          : endpoint?.custom?.[PUBLIC_EVENT] && (await cachedEvent(reader, id, url))
    if (!answer) return next(request, ...args)
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer)
    const headers = headersWithCors({
      headers: new Headers({ 'Content-Type': 'application/json' }),
      req: { headers: request.headers, payload } as PayloadRequest,
    })
    return new Response(text, { headers, status: 200 })
  }
