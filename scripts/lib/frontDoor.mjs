/**
 * The production server's front door (productionServer.mjs; the routes are the app's own code,
 * src/platform/requests/frontDoor.ts). A GET one of the app's front-door routes answers is written
 * here as Next.js would write its answer: the config's headers (next.config.mjs `headers()`, e.g.
 * withPayload's Accept-CH and X-Powered-By), the app router's Vary, the route's own headers by
 * Next.js's rules (next/dist/server/send-response.js) and Next.js's compression. Off when the
 * config routes in ways it does not follow (a base path, rewrites, redirects, headers for some
 * paths only, middleware or a proxy).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'

import compression from 'next/dist/compiled/compression/index.js'
import { releaseCompressionStream } from 'next/dist/server/lib/release-compression-stream.js'
import { PHASE_PRODUCTION_SERVER } from 'next/dist/shared/lib/constants.js'

const FRONT_DOOR = Symbol.for('payload-events-cms.frontDoor')
// What Next.js adds to every answer of an app route (base-server.js, setVaryHeader).
const APP_ROUTER_VARY =
  'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'
// A route's headers Next.js does not copy, and those it appends to rather than skips.
const NOT_COPIED = new Set(['content-encoding', 'content-length', 'transfer-encoding'])
const MANY_VALUES = new Set(['proxy-authenticate', 'vary', 'www-authenticate'])

/** Why the front door stays shut for this config, or undefined. */
const shutBecause = (config, rules, rootDir) => {
  for (const option of ['basePath', 'i18n', 'trailingSlash', 'rewrites', 'redirects']) {
    if (config[option]) return `next.config has ${option}`
  }
  if (rules.some((rule) => rule.source !== '/:path*' || rule.has || rule.missing)) {
    return 'next.config has headers for some paths only'
  }
  const manifest = path.join(
    rootDir,
    config.distDir ?? '.next',
    'server',
    'middleware-manifest.json',
  )
  try {
    const { middleware = {} } = JSON.parse(fs.readFileSync(manifest, 'utf8'))
    if (Object.keys(middleware).length > 0) return 'the app has middleware'
  } catch {
    return `${manifest} cannot be read`
  }
  return undefined
}

/**
 * The request's headers as Next.js hands them to a route: Node's (repeated ones joined), with the
 * `x-forwarded-*` Next.js adds when a proxy has not (base-server.js; the audit log's address).
 */
const headersOf = (request, port) => {
  const given = request.headers
  const proto = given['x-forwarded-proto']
  const https = proto ? proto === 'https' : Boolean(request.socket.encrypted)
  const forwarded = {
    'x-forwarded-for': given['x-forwarded-for'] ?? request.socket.remoteAddress,
    'x-forwarded-host': given['x-forwarded-host'] ?? given.host ?? 'localhost',
    'x-forwarded-port': given['x-forwarded-port'] ?? String(port),
    'x-forwarded-proto': proto ?? (https ? 'https' : 'http'),
  }
  const headers = new Headers()
  for (const [name, value] of Object.entries({ ...given, ...forwarded })) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined) headers.append(name, one)
    }
  }
  return headers
}

/** The URL Next.js gives a route (next-server.js, attachRequestMeta). */
const urlOf = (request, headers, port) => {
  const https = (headers.get('x-forwarded-proto') ?? '').includes('https')
  return `${https ? 'https' : 'http'}://localhost:${port}${request.url}`
}

const DOOR_METHODS = new Set(['GET', 'POST'])

/**
 * The front door for the app in `rootDir` served on `port`: `(request, response) => answered`,
 * or undefined when it stays shut.
 */
export const frontDoorOf = async (rootDir, port) => {
  const loaded = await import(pathToFileURL(path.join(rootDir, 'next.config.mjs')).href)
  const config =
    typeof loaded.default === 'function'
      ? await loaded.default(PHASE_PRODUCTION_SERVER, { defaultConfig: {} })
      : loaded.default
  const rules = (await config.headers?.()) ?? []
  const shut = shutBecause(config, rules, rootDir)
  if (shut) {
    console.log(`Front door shut: ${shut}; Next.js answers every request.`)
    return undefined
  }
  const configHeaders = rules.flatMap((rule) => rule.headers)
  const compress = config.compress === false ? undefined : compression()

  return async (request, response) => {
    const door = globalThis[FRONT_DOOR]
    const { method } = request
    if (!door || !DOOR_METHODS.has(method) || !request.url?.startsWith('/')) return false
    let answer
    let body
    try {
      const headers = headersOf(request, port)
      answer = await door.answer(method, urlOf(request, headers, port), headers, () =>
        Readable.toWeb(request),
      )
      if (!answer) return false
      body = Buffer.from(await answer.arrayBuffer())
    } catch (error) {
      // A GET's route passes on any error (Next.js answers it); any other's body is read by now.
      if (method === 'GET') return false
      throw error
    }
    if (compress) {
      compress(request, response, () => {})
      // On a client's disconnect the middleware never ends its zlib stream (router-server.js).
      response.once('close', () => {
        if (!response.writableFinished) releaseCompressionStream(response)
      })
    }
    if (config.poweredByHeader !== false) response.setHeader('X-Powered-By', 'Next.js')
    for (const { key, value } of configHeaders) response.setHeader(key, value)
    response.appendHeader('Vary', APP_ROUTER_VARY)
    response.statusCode = answer.status
    answer.headers.forEach((value, name) => {
      if (NOT_COPIED.has(name) || name === 'set-cookie' || name === 'x-middleware-set-cookie') {
        return
      }
      if (MANY_VALUES.has(name) || response.getHeader(name) === undefined) {
        response.appendHeader(name, value)
      }
    })
    for (const cookie of answer.headers.getSetCookie()) response.appendHeader('Set-Cookie', cookie)
    // Written, then ended, as Next.js streams it: the compression then applies whatever the size
    // (with the whole body in end() it would skip bodies under 1 KB, unlike Next.js).
    response.write(body)
    response.end()
    return true
  }
}
