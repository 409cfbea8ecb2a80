/**
 * `npm run bench:guards`: what the request guards cost per request, in process (no HTTP, no noise
 * from the load generator): the route guard (guardRequest: URL, query, lanes, read budget, 503
 * handling and HTTP caching), the ETag alone (withHttpCaching: a SHA-1 of the body) and the
 * operation guard (the beforeOperation hook on every collection: ids, where, depth, paging), on
 * a cached public page's answer. Prints microseconds per request and, given a full `npm run bench`
 * result in bench/results/, each one's share of the server's CPU per request on the cached rows.
 * Needs the bench database (`npm run bench:seed`). Figures, not assertions.
 */
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

import { createLocalReq, getPayload, type PayloadRequest } from 'payload'

import { slugs } from 'payload-events-cms'
import { guardRequest } from 'payload-events-cms/platform'
import { buildAppConfig } from '../src/app/appConfig'
import { guardCollectionOperation } from '../src/platform/limits/guardInput'
import { withHttpCaching } from '../src/platform/requests/httpCache'
import { closePayload } from '../scripts/lib/closePayload'
import { commandLine } from '../scripts/lib/cli'
import { loadEnv, rootDir } from '../scripts/lib/runtime'
import { BENCH_SECRET, startBenchDatabase } from './lib/benchDatabase'

commandLine(`
Usage: npm run bench:guards

Microseconds per request of the route guard, the ETag and the operation guard on a cached page's
answer, in process; with a \`npm run bench\` result, their share of the cached rows' CPU per request.
`)

loadEnv()
process.env.PAYLOAD_SECRET = BENCH_SECRET
const ROUNDS = Number(process.env.BENCH_GUARD_ROUNDS ?? 20_000)
const database = await startBenchDatabase()
const payload = await getPayload({ config: await buildAppConfig({ databaseUrl: database.url }) })

// A cached page's answer as the site serves it (the largest published page of the bench data).
const { docs } = await payload.find({
  collection: slugs.pages,
  depth: 2,
  limit: 1,
  where: { _status: { equals: 'published' } },
})
const body = JSON.stringify(docs[0] ?? {})
const answer = () =>
  Promise.resolve(new Response(body, { headers: { 'Content-Type': 'application/json' } }))
const request = () => new Request('http://localhost:3000/api/pages/published/about')

/** Mean microseconds per call of `run` over ROUNDS calls (after a warm-up of a tenth). */
const timed = async (run: () => Promise<unknown>): Promise<number> => {
  for (let index = 0; index < ROUNDS / 10; index++) await run()
  const started = performance.now()
  for (let index = 0; index < ROUNDS; index++) await run()
  return ((performance.now() - started) * 1000) / ROUNDS
}

const bare = await timed(async () => (await answer()).arrayBuffer())
const etag = await timed(async () =>
  (
    await withHttpCaching(request(), await answer(), {
      credentials: false,
      settings: { sMaxAge: 10, staleWhileRevalidate: 60 },
    })
  ).arrayBuffer(),
)
const guarded = guardRequest(payload.config, answer)
const guard = await timed(async () => (await guarded(request())).arrayBuffer())

// The operation guard as a client's find meets it (a fresh request each time: it runs once per
// request).
const base = await createLocalReq({}, payload)
const collection = payload.collections[slugs.events].config
const args = {
  depth: 1,
  limit: 20,
  where: { and: [{ category: { equals: 'concert' } }, { status: { equals: 'published' } }] },
}
const newReq = () => ({ ...base, payloadAPI: 'REST' }) as PayloadRequest
const spread = await timed(async () => newReq())
const operation =
  (await timed(async () =>
    guardCollectionOperation({
      args: { ...args, req: newReq() },
      collection,
      context: {},
      operation: 'read',
      req: newReq(),
    } as never),
  )) - spread

await closePayload(payload)
await database.stop()

/** The server's CPU per request on the cached rows at 50 connections, from the newest full bench. */
const cachedRowsCpu = (): Record<string, number> => {
  const dir = path.join(rootDir, 'bench', 'results')
  const newest = fs
    .readdirSync(dir)
    .filter((name) => /^bench-.*\.json$/.test(name))
    .sort()
    .at(-1)
  if (!newest) return {}
  const { rows } = JSON.parse(fs.readFileSync(path.join(dir, newest), 'utf8')) as {
    rows: { connections: number; cpu?: { server: number }; scenario: string }[]
  }
  return Object.fromEntries(
    rows
      .filter(
        ({ connections, cpu, scenario }) =>
          connections === 50 &&
          cpu &&
          /page by slug|public settings|event detail|bare/.test(scenario),
      )
      .map(({ cpu, scenario }) => [scenario, (cpu?.server ?? 0) * 1000]),
  )
}

const figures = {
  'route guard (with the ETag)': guard - bare,
  'ETag alone': etag - bare,
  'operation guard (a find)': operation,
}
console.log(`\nPer request, in process, ${ROUNDS} rounds; answer of ${body.length} bytes:`)
for (const [name, micros] of Object.entries(figures))
  console.log(`  ${name}: ${micros.toFixed(1)} µs`)
const rows = cachedRowsCpu()
for (const [scenario, micros] of Object.entries(rows)) {
  const guards =
    figures['route guard (with the ETag)'] + (scenario.startsWith('event') ? operation : 0)
  console.log(
    `  share of "${scenario}" (${(micros / 1000).toFixed(2)} ms CPU per request): ${((100 * guards) / micros).toFixed(1)}%`,
  )
}
