import crypto from 'node:crypto'

import { type HttpCacheSettings, PRIVATE } from '../../utilities/platformSettings'

/** SHA-1 in base64url: the one-shot `crypto.hash` (Node 20.12+) takes half the time. */
const sha1: (bytes: Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha1', bytes, 'base64url')
    : (bytes) => crypto.createHash('sha1').update(bytes).digest('base64url')

/** A strong validator of exactly these bytes. */
const etagOf = (body: ArrayBuffer): string => `"${sha1(new Uint8Array(body))}"`

const matches = (ifNoneMatch: null | string, etag: string): boolean =>
  ifNoneMatch !== null &&
  ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim()
    return candidate === '*' || candidate === etag || candidate === `W/${etag}`
  })

/**
 * HTTP caching for a GET answer. Anything a signed-in client gets (theirs, or drafts) is
 * `private, no-store`: no shared cache keeps it. A public `200` gets an ETag, a conditional
 * request with that ETag gets `304` without the body, and `Cache-Control` lets a CDN keep it
 * `sMaxAge` seconds and serve it stale while revalidating; `Vary: Authorization` keeps a CDN from
 * answering a signed-in request with the public copy. Answers that set their own Cache-Control
 * (the health check) keep it; errors are not cached.
 */
export const withHttpCaching = async (
  request: Request,
  response: Response,
  { credentials, settings }: { credentials: boolean; settings: false | HttpCacheSettings },
): Promise<Response> => {
  if (request.method !== 'GET' || response.headers.has('cache-control')) return response
  if (!credentials && !settings) return response
  const headers = new Headers(response.headers)
  if (credentials || response.status !== 200 || !settings) {
    headers.set('Cache-Control', PRIVATE)
    return new Response(response.body, { headers, status: response.status })
  }
  const body = await response.arrayBuffer()
  const etag = etagOf(body)
  headers.set('ETag', etag)
  headers.set(
    'Cache-Control',
    `public, max-age=0, s-maxage=${settings.sMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`,
  )
  headers.append('Vary', 'Authorization')
  if (matches(request.headers.get('if-none-match'), etag)) {
    headers.delete('content-length')
    headers.delete('content-type')
    return new Response(null, { headers, status: 304 })
  }
  return new Response(body, { headers, status: 200 })
}
