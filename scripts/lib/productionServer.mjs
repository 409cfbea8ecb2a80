/**
 * The production server (`npm start`, the cluster's app servers): Next.js's own request handler
 * behind two things `next start` cannot do.
 *
 * - Methods: Next.js turns every request into a fetch `Request`, which refuses TRACE, TRACK and
 *   CONNECT (a 500 "Internal Server Error" and a stack trace in the log for each), and answers
 *   other unknown methods (PROPFIND, ...) with a bare 400. Here those get `405 Method Not Allowed`
 *   with `Allow` before Next.js sees them.
 * - The front door (./frontDoor.mjs, src/platform/requests/frontDoor.ts): the GETs the plugin's
 *   fast paths answer (the cached public reads, a customer's bookings) and `POST /api/bookings`
 *   are answered here with the route's own code, guard included, and the headers and compression
 *   Next.js would add; Next.js's request handling costs more than such an answer
 *   (docs/performance.md#the-front-door). Everything else, and any GET those routes pass on, is
 *   Next.js's, exactly as under `next start`. FRONT_DOOR=off leaves every request to Next.js.
 *
 * PORT (default 3000) and HOSTNAME (default every interface). SIGTERM and SIGINT stop taking
 * connections and end once open requests are done.
 */
import http from 'node:http'
import path from 'node:path'

import next from 'next'

import { frontDoorOf } from './frontDoor.mjs'

const ALLOWED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const port = Number(process.env.PORT ?? 3000)
const rootDir = path.resolve(import.meta.dirname, '..', '..')
const createNext = typeof next === 'function' ? next : next.default

const app = createNext({ dev: false, dir: rootDir, hostname: 'localhost', port })
const handle = app.getRequestHandler()
await app.prepare()

const refuseMethod = (method, response) => {
  const named = String(method)
    .replace(/[^A-Z0-9_-]/gi, '')
    .slice(0, 30)
  response.writeHead(405, { Allow: ALLOWED.join(', '), 'Content-Type': 'application/json' })
  response.end(
    JSON.stringify({
      errors: [{ message: `The method ${named} is not allowed; use ${ALLOWED.join(', ')}.` }],
    }),
  )
}

const frontDoor = process.env.FRONT_DOOR === 'off' ? undefined : await frontDoorOf(rootDir, port)

const server = http.createServer(async (request, response) => {
  if (!ALLOWED.includes(request.method ?? '')) return refuseMethod(request.method, response)
  try {
    if (frontDoor && (await frontDoor(request, response))) return
    await handle(request, response)
  } catch (error) {
    console.error(`Failed to handle ${request.method} ${request.url}`, error)
    if (!response.headersSent) response.statusCode = 500
    response.end()
  }
})
server.listen(port, process.env.HOSTNAME || undefined, () => {
  console.log(`✓ Ready on http://localhost:${port} (production)`)
})

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  server.close(() => process.exit(0))
  server.closeIdleConnections()
  setTimeout(() => process.exit(0), 20_000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
