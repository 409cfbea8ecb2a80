/**
 * CI smoke check of a real server: runs `npm run <script>` (dev or start) on fresh ports, waits for
 * GET /admin to answer 200 with the create-first-user screen, then stops it with SIGTERM and checks
 * that the embedded PostgreSQL went down with it.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { clusterDirOf } from './lib/postgres/processes'

const script = process.argv[2] ?? 'dev'
const port = process.env.SMOKE_PORT ?? '3999'
const rootDir = path.resolve(import.meta.dirname, '..')
const deadline = Date.now() + 240_000

const child = spawn('npm', ['run', script], {
  cwd: rootDir,
  detached: true,
  env: { ...process.env, EMBEDDED_PG_PORT: process.env.SMOKE_PG_PORT ?? '54399', PORT: port },
  stdio: ['ignore', 'inherit', 'inherit'],
})
const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

const fail = (message: string): never => {
  console.error(`smoke(${script}): FAILED: ${message}`)
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // the process group is already gone
  }
  process.exit(1)
}

let body = ''
let status = 0
while (Date.now() < deadline) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/admin/create-first-user`)
    status = response.status
    body = await response.text()
    if (status === 200) break
  } catch {
    // not listening yet
  }
  if (child.exitCode !== null) fail(`server exited early with code ${child.exitCode}`)
  await new Promise((resolve) => setTimeout(resolve, 1000))
}
if (status !== 200) fail(`GET /admin/create-first-user answered ${status}`)
if (!body.includes('create-first-user')) fail('the create-first-user screen was not rendered')
const api = await fetch(`http://127.0.0.1:${port}/api/users`)
if (api.status !== 403) fail(`anonymous GET /api/users answered ${api.status}, expected 403`)
// A hook's 4xx must reach the client with its message in the minified build too.
const invalid = await fetch(`http://127.0.0.1:${port}/api/events/search`)
const invalidBody = await invalid.text()
if (invalid.status !== 400 || !invalidBody.includes('Query parameter')) {
  fail(`GET /api/events/search without q answered ${invalid.status} ${invalidBody}`)
}

// The production build's error formatter keeps Payload's own messages and the plugin's limits.
const base = `http://127.0.0.1:${port}/api`
const send = async (method: string, route: string, body: string, token?: string) => {
  const response = await fetch(`${base}${route}`, {
    body,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `JWT ${token}` } : {}),
    },
    method,
  })
  return { status: response.status, text: await response.text() }
}
const expectAnswer = (
  what: string,
  got: { status: number; text: string },
  status: number,
  text: RegExp,
) => {
  if (got.status !== status || !text.test(got.text)) {
    fail(
      `${what} answered ${got.status} ${got.text.slice(0, 300)}, expected ${status} matching ${text}`,
    )
  }
}
expectAnswer('malformed JSON', await send('POST', '/users', '{bad'), 400, /not valid JSON/)
expectAnswer(
  'a 100 KB anonymous body',
  await send('POST', '/form-submissions', JSON.stringify({ value: 'x'.repeat(100_000) })),
  413,
  /65536-byte limit for anonymous requests/,
)
// A unique slug, through a first account that is removed again (the next smoke expects none).
const account = { email: 'smoke@example.com', password: 'smoke-password-123' }
const registered = await send('POST', '/users', JSON.stringify(account))
if (registered.status !== 201) fail(`registering the first account answered ${registered.status}`)
const { token, user } = JSON.parse(
  (await send('POST', '/users/login', JSON.stringify(account))).text,
) as {
  token: string
  user: { id: string }
}
const first = await send('POST', '/tags', JSON.stringify({ name: 'Smoke' }), token)
expectAnswer(
  'a duplicate slug',
  await send('POST', '/tags', JSON.stringify({ name: 'Smoke' }), token),
  400,
  /unique/i,
)
// Personal data: the export, and erasure's refusals (wrong password, the only admin, bad body).
const exported = await fetch(`${base}/users/me/export`, {
  headers: { authorization: `JWT ${token}` },
})
expectAnswer(
  'an export of oneself',
  { status: exported.status, text: await exported.text() },
  200,
  /"email": "smoke@example.com"/,
)
expectAnswer(
  'an erasure without JSON',
  await send('POST', '/users/me/erase', '{bad', token),
  400,
  /not valid JSON/,
)
expectAnswer(
  'an erasure with a wrong password',
  await send('POST', '/users/me/erase', JSON.stringify({ password: 'not-it' }), token),
  401,
  /The password is not correct/,
)
expectAnswer(
  'erasing the only admin',
  await send('POST', '/users/me/erase', JSON.stringify({ password: account.password }), token),
  409,
  /only admin account/,
)
const tagId = (JSON.parse(first.text) as { doc: { id: string } }).doc.id
expectAnswer('deleting the tag', await send('DELETE', `/tags/${tagId}`, '', token), 200, /./)
expectAnswer('deleting the account', await send('DELETE', `/users/${user.id}`, '', token), 200, /./)

// HTTP caching on the app's own fast route (Next.js matches it before Payload's catch-all).
const settingsUrl = `${base}/globals/site-settings/public`
const publicSettings = await fetch(settingsUrl)
const etag = publicSettings.headers.get('etag') ?? ''
const conditional = await fetch(settingsUrl, { headers: { 'if-none-match': etag } })
if (publicSettings.status !== 200 || !etag || conditional.status !== 304) {
  fail(
    `public settings answered ${publicSettings.status} (ETag ${etag}), then ${conditional.status} to If-None-Match`,
  )
}

// The front door (`npm start`: scripts/lib/frontDoor.mjs): a cached list's first answer comes
// through Next.js (a miss), later ones from the door; both must be the same answer, headers and
// compression included.
const answerOf = async (route: string, headers: Record<string, string>) => {
  const response = await fetch(`${base}${route}`, { headers })
  const kept = [...response.headers].filter(([name]) => name !== 'date' && name !== 'keep-alive')
  return { body: await response.text(), headers: kept, status: response.status }
}
for (const encoding of ['gzip', 'identity']) {
  const route = `/events?limit=${encoding === 'gzip' ? 3 : 4}&depth=1`
  const headers = { 'accept-encoding': encoding }
  const [first, second] = [await answerOf(route, headers), await answerOf(route, headers)]
  if (JSON.stringify(first) !== JSON.stringify(second) || first.status !== 200) {
    fail(`a cached list answered differently the second time (${encoding}):
${JSON.stringify(first)}
${JSON.stringify(second)}`)
  }
}
expectAnswer(
  'an anonymous booking',
  await send('POST', '/bookings', JSON.stringify({ event: 1, seats: 1 })),
  401,
  /Log in to book/,
)

// Methods fetch cannot send (TRACE) and others Next.js does not route: 405 with Allow under
// `npm start` (scripts/lib/productionServer.mjs); HEAD answers what GET would, without a body.
const byMethod = (method: string, route: string) =>
  new Promise<{ allow: string; body: string; status: number }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', method, path: `/api${route}`, port },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () =>
          resolve({ allow: String(res.headers.allow ?? ''), body, status: res.statusCode ?? 0 }),
        )
      },
    )
    request.on('error', reject)
    request.end()
  })
const head = await byMethod('HEAD', '/events?limit=1')
if (head.status !== 200 || head.body !== '') fail(`HEAD /api/events answered ${head.status}`)
if (script === 'start') {
  for (const method of ['TRACE', 'PROPFIND', 'PURGE']) {
    const answer = await byMethod(method, '/events')
    if (
      answer.status !== 405 ||
      !answer.allow.includes('GET') ||
      !/not allowed/.test(answer.body)
    ) {
      fail(
        `${method} /api/events answered ${answer.status} (Allow: ${answer.allow}) ${answer.body}`,
      )
    }
  }
}

// Every page's /favicon.ico: the settings' icon, else the default (a PNG), never a 404.
const favicon = await fetch(`http://127.0.0.1:${port}/favicon.ico`)
const icon = Buffer.from(await favicon.arrayBuffer())
if (
  favicon.status !== 200 ||
  favicon.headers.get('content-type') !== 'image/png' ||
  icon.length < 100
) {
  fail(
    `GET /favicon.ico answered ${favicon.status} ${favicon.headers.get('content-type')} (${icon.length} bytes)`,
  )
}
// The seed's sample video is the app's own file (public/): a fresh install plays it offline.
const video = await fetch(`http://127.0.0.1:${port}/videos/harbour-night.mp4`, { method: 'HEAD' })
if (video.status !== 200 || video.headers.get('content-type') !== 'video/mp4') {
  fail(
    `GET /videos/harbour-night.mp4 answered ${video.status} ${video.headers.get('content-type')}`,
  )
}

const home = await fetch(`http://127.0.0.1:${port}/`)
if (home.status !== 404 && home.status !== 200) fail(`GET / answered ${home.status}`)
console.log(`smoke(${script}): /admin, /api and the site answer; errors keep their messages`)

// npm may exit before its children finish shutting down: wait for PostgreSQL's pid file to go.
if (child.pid) process.kill(-child.pid, 'SIGTERM')
const pidFile = path.join(clusterDirOf(path.join(rootDir, '.data', 'pg')), 'postmaster.pid')
// Generous: a loaded 2-core machine has taken over 30 s for `next dev` to wind down.
const stopDeadline = Date.now() + 90_000
await exited
while (fs.existsSync(pidFile) && Date.now() < stopDeadline) {
  await new Promise((resolve) => setTimeout(resolve, 200))
}
if (fs.existsSync(pidFile)) fail('PostgreSQL still running 90 s after SIGTERM')
console.log(`smoke(${script}): stopped cleanly`)
