/**
 * `npm run bench:cluster`: the scale-out figures on the bench dataset (`npm run build` and
 * `npm run bench:seed` first; Debian's `haproxy`). For each of BENCH_INSTANCES (default "1,2") app
 * servers behind HAProxy (npm run cluster's set-up): a cached event read, an anonymous event list
 * with a different query string per request (so the cache must hold many lists), a signed-in
 * user's bookings list, and bookings on one hot event (checked: its seat counter equals its
 * bookings' seats; the run's bookings are deleted afterwards, so runs see the same data). Plain Payload
 * (EVENTS_CMS_PLUGIN=off, one server) answers the two list scenarios for the ratio. Then the audit
 * chain lock: how long one write holds it. Prints figures (with the CPU each request cost the app
 * servers and PostgreSQL, from /proc), asserts nothing.
 *
 * BENCH_DURATION (seconds per run, default 8), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (seconds
 * of the same load before each run, default 8: the first seconds of each path on a fresh server
 * cost up to ~40% more CPU per request here (V8 has not optimised the code yet), which is not the
 * steady state a deployment serves; measured: a booking 2.45 ms of app CPU in the first 8 s after
 * a 1 s warm-up, 1.86 ms in the next 8 s).
 */
import os from 'node:os'

import pg from 'pg'

import { startCluster } from '../scripts/lib/cluster'
import { loadEnv } from '../scripts/lib/runtime'
import {
  BENCH_PASSWORD,
  BENCH_SECRET,
  benchUserEmail,
  HOT_EVENT_SLUG,
  startBenchDatabase,
} from './lib/benchDatabase'
import type { LoadRequest, LoadResult } from './lib/load'
import { cpuPerRequest, sampleCpu } from './lib/cpu'
import { runLoad } from './lib/runLoad'
import { removeRunBookings } from './lib/runBookings'
import { commandLine } from '../scripts/lib/cli'

commandLine(`
Usage: npm run bench:cluster

The scale-out figures through HAProxy on the bench data (\`npm run build\`, \`npm run bench:seed\`,
haproxy). BENCH_INSTANCES, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP.
`)

loadEnv()
const DURATION = Number(process.env.BENCH_DURATION ?? 8)
// `npm run bench` takes a list ("1,10,50"): the cluster rows use the largest.
const CONNECTIONS = Math.max(...(process.env.BENCH_CONNECTIONS ?? '50').split(',').map(Number))
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8)
const INSTANCES = (process.env.BENCH_INSTANCES ?? '1,2').split(',').map(Number)
const log = (message: string) => console.log(`[bench:cluster] ${message}`)

const database = await startBenchDatabase()
process.env.DATABASE_URL = database.url
process.env.PAYLOAD_SECRET = BENCH_SECRET
const pool = new pg.Pool({ connectionString: database.url, max: 4 })
pool.on('error', () => undefined)

const started = new Date()
const { rows: events } = await pool.query<{ id: string }>(
  `SELECT id FROM events WHERE status = 'published' ORDER BY random() LIMIT 300`,
)
const { rows: hot } = await pool.query<{ id: string }>('SELECT id FROM events WHERE slug = $1', [
  HOT_EVENT_SLUG,
])
const hotEvent = hot[0]?.id

const login = async (origin: string, n: number) => {
  const response = await fetch(`${origin}/api/users/login`, {
    body: JSON.stringify({ email: benchUserEmail(n), password: BENCH_PASSWORD }),
    headers: { 'content-type': 'application/json' },
    method: 'POST',
  })
  const body = (await response.json()) as { token?: string }
  if (!body.token) {
    throw new Error(
      `${benchUserEmail(n)} could not sign in (${response.status}): ${JSON.stringify(body)}`,
    )
  }
  return body.token
}

type Row = {
  cpu: ReturnType<typeof cpuPerRequest>
  instances: string
  result: LoadResult
  scenario: string
}
const rows: Row[] = []

const scenarios = async (origin: string) => {
  // Ten at a time: a burst of sign-ins (PBKDF2 in a transaction each) can exhaust the pool (503).
  const signIn = async (first: number) => {
    const signedIn: string[] = []
    for (let batch = 0; batch < 50; batch += 10) {
      const next = Array.from({ length: 10 }, (_, i) => login(origin, first + batch + i))
      signedIn.push(...(await Promise.all(next)))
    }
    return signedIn
  }
  // Readers and bookers are different people: the bookings made here never lengthen the lists read.
  const tokens = await signIn(1)
  const bookers = await signIn(51)
  const auth = (token: string | undefined) => ({ authorization: `JWT ${token}` })
  return {
    'cached event read (anonymous, depth 1)': events.map(({ id }): LoadRequest => ({
      method: 'GET',
      path: `/api/events/${id}?depth=1`,
    })),
    // 200 different query strings: a bounded cache must hold them all to help.
    'event list (anonymous, depth 1, 200 queries)': Array.from(
      { length: 200 },
      (_, i): LoadRequest => ({
        method: 'GET',
        path: `/api/events?limit=10&depth=1&page=${i + 1}`,
      }),
    ),
    "a user's bookings (signed in, depth 0)": tokens.map((token): LoadRequest => ({
      headers: auth(token),
      method: 'GET',
      path: '/api/bookings?depth=0&limit=10',
    })),
    'booking, one hot event': bookers.map((token): LoadRequest => ({
      body: JSON.stringify({ event: hotEvent, seats: 1 }),
      headers: { ...auth(token), 'content-type': 'application/json' },
      method: 'POST',
      path: '/api/bookings?depth=0',
    })),
  }
}

const measure = async (label: string, count: number, only?: string[]) => {
  const cluster = await startCluster({
    basePort: 3301,
    // Plain Payload has no /api/health.
    healthPath:
      process.env.EVENTS_CMS_PLUGIN === 'off' ? '/api/events?limit=1&depth=0' : '/api/health',
    instances: count,
    port: 3300,
    worker: false,
  })
  try {
    const all = await scenarios(cluster.origin)
    for (const [scenario, variants] of Object.entries(all)) {
      if (only && !only.includes(scenario)) continue
      await runLoad({
        connections: CONNECTIONS,
        durationSeconds: WARMUP,
        origin: cluster.origin,
        variants,
      })
      const before = sampleCpu(cluster.pids)
      const result = await runLoad({
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        origin: cluster.origin,
        variants,
      })
      const cpu = cpuPerRequest(before, sampleCpu(cluster.pids), result.requests)
      rows.push({ cpu, instances: label, result, scenario })
      log(`${label} / ${scenario}: ${result.rps.toFixed(0)} rps, p95 ${result.p95} ms`)
    }
  } finally {
    await cluster.stop()
  }
}

for (const count of INSTANCES) await measure(`${count}`, count)
// What a round trip per hit (strict freshness across servers) costs.
process.env.CACHE_MAX_STALE_MS = '0'
await measure('2, CACHE_MAX_STALE_MS=0', 2, [
  'cached event read (anonymous, depth 1)',
  'event list (anonymous, depth 1, 200 queries)',
])
delete process.env.CACHE_MAX_STALE_MS
process.env.EVENTS_CMS_PLUGIN = 'off'
await measure('1, plain Payload', 1, [
  'cached event read (anonymous, depth 1)',
  'event list (anonymous, depth 1, 200 queries)',
  "a user's bookings (signed in, depth 0)",
])
delete process.env.EVENTS_CMS_PLUGIN

const { rows: oversold } = await pool.query<{ bad: string }>(
  `SELECT count(*) AS bad FROM events WHERE seats_booked > capacity`,
)
// The hot event's counter against its bookings (its capacity is too large to sell out).
const { rows: counted } = await pool.query<{ bookings: string; counter: string }>(
  `SELECT e.seats_booked AS counter, (SELECT coalesce(sum(seats), 0) FROM bookings
     WHERE event_id = e.id AND status IN ('pending', 'confirmed')) AS bookings
   FROM events e WHERE e.id = $1`,
  [hotEvent],
)
// The dataset as it was: the run's bookings go, and the counters follow.
await removeRunBookings(pool, started)

// The audit chain's advisory lock is held from the append to the commit of each audited write:
// the append itself (rolled back, so the bench data's chain stays valid) plus a commit that
// writes WAL (a transaction with an id), each timed on its own.
const client = await pool.connect()
const timed = async (statements: string[]) => {
  const started = performance.now()
  for (const statement of statements) await client.query(statement)
  return performance.now() - started
}
const appends: number[] = []
const commits: number[] = []
for (let i = 0; i < 200; i++) {
  appends.push(
    await timed([
      'BEGIN',
      `SELECT audit_logs_append('update', 'bookings', NULL, NULL, NULL, NULL, 'local', '{}'::jsonb, now(), '{}')`,
      'ROLLBACK',
    ]),
  )
  commits.push(await timed(['BEGIN', 'SELECT txid_current()', 'COMMIT']))
}
client.release()
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0

console.log(
  [
    '',
    `${os.cpus().length} cores, ${DURATION} s per run (after ${WARMUP} s of warm-up) at ${CONNECTIONS} connections, through HAProxy`,
    '',
    '| app servers | scenario | rps | p50 ms | p95 ms | errors / non-2xx | CPU ms per request: app servers / PostgreSQL |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ({ cpu, instances, result, scenario }) =>
        `| ${instances} | ${scenario} | ${result.rps.toFixed(0)} | ${result.p50} | ${result.p95} | ${result.errors} | ${cpu ? `${cpu.server.toFixed(2)} / ${cpu.postgres.toFixed(2)}` : '-'} |`,
    ),
    '',
    `events over capacity after the run: ${oversold[0]?.bad}; the hot event's seat counter ${counted[0]?.counter}, its active bookings' seats ${counted[0]?.bookings}`,
    `audit chain lock held per write, one connection, 200 each: append ${median(appends).toFixed(2)} ms (p95 ${p95(appends).toFixed(2)}) + commit ${median(commits).toFixed(2)} ms (p95 ${p95(commits).toFixed(2)}), i.e. at most ~${Math.floor(1000 / (median(appends) + median(commits)))} audited writes per second in one database`,
  ].join('\n'),
)
await pool.end()
await database.stop()
process.exit(0)
