import type { SanitizedConfig } from 'payload'

import { processWide } from '../../utilities/processWide'
import { guardRequest } from './guardRequest'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

/**
 * A route the production server may answer before Next.js routes the request (Next.js's request
 * handling costs more than a cached answer: docs/performance.md). `matches` is a cheap look at the
 * method and path (with the resolved config); `answer` is the route's answer, or undefined when
 * Next.js must answer: only a GET may be passed on like that, since the body of any other request
 * is read by the time its route answers.
 */
export type FrontDoorRoute = {
  answer: (request: Request) => Promise<Response | undefined>
  matches: (method: string, pathname: string, config: SanitizedConfig) => boolean
}

/**
 * What `scripts/lib/frontDoor.mjs` finds on `globalThis[Symbol.for('payload-events-cms.frontDoor')]`:
 * the routes the app's route modules opened (each when Next.js first loaded the module, so a
 * route is answered here from a later request on), and `answer`, which asks them in turn.
 */
export type FrontDoor = {
  answer: (
    method: string,
    url: string,
    headers: Headers,
    body: () => ReadableStream<Uint8Array> | null,
  ) => Promise<Response | undefined>
  routes: Map<string, Opened>
}

/** A route, with its config once resolved. */
type Opened = FrontDoorRoute & { config?: SanitizedConfig }

/** Thrown by a fast path's `next` at the front door: the request is Next.js's to answer. */
class PassToNext extends Error {}

/** The `next` of a fast path at the front door (where Payload's own handler would be). */
export const passToNext = (): Promise<Response> => Promise.reject(new PassToNext())

/**
 * A GET fast path behind the platform's guard, as a front-door route: answered only when the
 * fast path itself answered. A pass, the guard's refusal (Next.js may route the path elsewhere; if
 * not, the route refuses it the same way) or any error leaves the request to Next.js, which runs
 * the same route again and answers as it always has.
 */
export const fastPathRoute = (
  config: ConfigInput,
  matches: (pathname: string, config: SanitizedConfig) => boolean,
  fastPath: (request: Request) => Promise<Response>,
): FrontDoorRoute => {
  const guarded = guardRequest(config, async (request: Request, reached: { yes: boolean }) => {
    const response = await fastPath(request)
    reached.yes = true
    return response
  })
  return {
    answer: async (request) => {
      const reached = { yes: false }
      try {
        const response = await guarded(request, reached)
        return reached.yes ? response : undefined
      } catch {
        return undefined
      }
    },
    matches: (method, pathname, resolved) => method === 'GET' && matches(pathname, resolved),
  }
}

/** Paths Next.js routes as they are: segments of unreserved characters, none starting with a dot. */
const PLAIN_PATH = /^(?:\/[\w~-][\w.~-]*)+$/

/** Request headers and parameters Next.js reads itself (its router, server components, actions). */
const NEXT_HEADERS = [
  'next-action',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-router-state-tree',
  'next-url',
  'rsc',
]
const nextReads = (url: URL, headers: Headers): boolean =>
  url.searchParams.has('_rsc') || NEXT_HEADERS.some((name) => headers.has(name))

const frontDoor = processWide('frontDoor', (): FrontDoor => ({
  answer: async (method, url, headers, body) => {
    const parsed = new URL(url)
    if (!PLAIN_PATH.test(parsed.pathname) || nextReads(parsed, headers)) return undefined
    const withBody = method !== 'GET' && method !== 'HEAD'
    for (const route of frontDoor.routes.values()) {
      if (!route.config || !route.matches(method, parsed.pathname, route.config)) continue
      const request = new Request(url, {
        body: withBody ? body() : undefined,
        // A stream body must say so (fetch's rule); Next.js hands its routes the same.
        ...(withBody ? { duplex: 'half' } : {}),
        headers,
        method,
      })
      const answer = await route.answer(request)
      if (answer) return answer
      if (withBody)
        throw new Error(`The front door's route "${parsed.pathname}" passed a ${method}.`)
    }
    return undefined
  },
  routes: new Map(),
}))

/**
 * Opens (or replaces: a route module evaluated again) the route `name` at the front door; it is
 * asked once its config is resolved.
 */
export const openFrontDoor = (configInput: ConfigInput, name: string, route: FrontDoorRoute) => {
  const opened: Opened = { ...route }
  frontDoor.routes.set(name, opened)
  void Promise.resolve(configInput).then(
    (config) => {
      opened.config = config
    },
    () => undefined,
  )
}
