/**
 * `npm run bench:ab`: booking rates side by side in alternating runs, so that the drift of a noisy
 * machine hits every side alike (single 5-second rows of `npm run bench` vary by 25% and more
 * here). Sides: a booking of one ticket type against one of two types on the same event, today's
 * `{event, seats}` booking on one hot event, and, given another server (BENCH_AB_OTHER_ORIGIN, its
 * bench database BENCH_AB_OTHER_DATABASE_URL: e.g. the previous commit's build on its own bench
 * data), the same `{event, seats}` booking there. Prints each side's median rps and p95 over
 * BENCH_AB_ROUNDS rounds (default 5) of BENCH_DURATION seconds (default 5) at BENCH_CONNECTIONS
 * (default 10), and writes them to bench/results/. Needs `npm run build` and `npm run bench:seed`.
 */
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { commandLine } from '../scripts/lib/cli'
import { loadEnv, rootDir } from '../scripts/lib/runtime'
import {
  BENCH_PASSWORD,
  BENCH_SECRET,
  benchUserEmail,
  HOT_EVENT_SLUG,
  startBenchDatabase,
  TYPED_EVENT_SLUG,
} from './lib/benchDatabase'
import { startBenchServer } from './lib/benchServer'
import { cleanup, cleanUpOnExit, failBench, onCleanup } from './lib/cleanup'
import type { LoadRequest, LoadResult } from './lib/load'
import { runLoad } from './lib/runLoad'

commandLine(`
Usage: npm run bench:ab

Booking rates in alternating runs: one ticket type vs two, the hot-event booking, and the same on
another server (BENCH_AB_OTHER_ORIGIN + BENCH_AB_OTHER_DATABASE_URL). BENCH_AB_ROUNDS (5),
BENCH_DURATION (5), BENCH_CONNECTIONS (10). Needs \`npm run build\` and \`npm run bench:seed\`.
`)

loadEnv()
cleanUpOnExit('bench:ab')
process.env.PAYLOAD_SECRET = BENCH_SECRET
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 5)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const other = process.env.BENCH_AB_OTHER_ORIGIN
const otherDatabase = process.env.BENCH_AB_OTHER_DATABASE_URL
if (Boolean(other) !== Boolean(otherDatabase)) {
  await failBench('bench:ab', 'BENCH_AB_OTHER_ORIGIN and BENCH_AB_OTHER_DATABASE_URL go together.')
}

const database = await startBenchDatabase()
onCleanup(() => database.stop())
const ours = await startBenchServer('bench:ab', { databaseUrl: database.url, port: 3203 })

/** 50 signed-in customers of a server, and its bench events. */
const customersOf = async (origin: string, databaseUrl: string) => {
  const tokens: string[] = []
  for (let n = 1; n <= 50; n++) {
    const response = await fetch(`${origin}/api/users/login`, {
      body: JSON.stringify({ email: benchUserEmail(n), password: BENCH_PASSWORD }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    const { token } = (await response.json()) as { token?: string }
    if (!token) return failBench('bench:ab', `login failed on ${origin}: ${response.status}`)
    tokens.push(token)
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  onCleanup(() => pool.end())
  const one = async (query: string) =>
    (await pool.query<{ id: string }>(query)).rows.map(({ id }) => id)
  const [hot] = await one(`SELECT id FROM events WHERE slug = '${HOT_EVENT_SLUG}'`)
  const types = await one(
    `SELECT t.id FROM ticket_types t JOIN events e ON e.id = t.event_id
     WHERE e.slug = '${TYPED_EVENT_SLUG}' ORDER BY t.sort_order`,
  ).catch(() => [])
  const [typed] = await one(`SELECT id FROM events WHERE slug = '${TYPED_EVENT_SLUG}'`).catch(
    () => [],
  )
  if (!hot) return failBench('bench:ab', `no bench data behind ${origin}: run bench:seed there`)
  return { hot, tokens, typed, types }
}

const bookings = (tokens: string[], body: Record<string, unknown>): LoadRequest[] =>
  tokens.map((token) => ({
    body: JSON.stringify(body),
    headers: { authorization: `JWT ${token}`, 'content-type': 'application/json' },
    method: 'POST',
    path: '/api/bookings?depth=0',
  }))

type Side = { name: string; origin: string; variants: LoadRequest[] }
const sides: Side[] = []
const here = await customersOf(ours.origin, database.url)
if (!here.typed || here.types.length < 2) {
  await failBench(
    'bench:ab',
    'the bench data predates ticket types: run `npm run bench:seed` again.',
  )
}
sides.push(
  {
    name: 'this app: one ticket type (1 seat)',
    origin: ours.origin,
    variants: bookings(here.tokens, {
      event: here.typed,
      lines: [{ quantity: 1, ticketType: here.types[0] }],
    }),
  },
  {
    name: 'this app: two ticket types (1 seat each)',
    origin: ours.origin,
    variants: bookings(here.tokens, {
      event: here.typed,
      lines: here.types.slice(0, 2).map((ticketType) => ({ quantity: 1, ticketType })),
    }),
  },
  {
    name: 'this app: {event, seats: 1}, hot event',
    origin: ours.origin,
    variants: bookings(here.tokens, { event: here.hot, seats: 1 }),
  },
)
if (other && otherDatabase) {
  const there = await customersOf(other, otherDatabase)
  sides.push({
    name: `${other}: {event, seats: 1}, hot event`,
    origin: other,
    variants: bookings(there.tokens, { event: there.hot, seats: 1 }),
  })
}

const results = new Map<string, LoadResult[]>(sides.map(({ name }) => [name, []]))
for (const side of sides) {
  await runLoad({ connections: CONNECTIONS, durationSeconds: 1, ...side })
}
for (let round = 0; round < ROUNDS; round++) {
  // Each round starts with another side, so no side always runs right after the same one.
  const order = sides.map((_, i) => sides[(i + round) % sides.length] as Side)
  for (const side of order) {
    const result = await runLoad({
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      origin: side.origin,
      variants: side.variants,
    })
    results.get(side.name)?.push(result)
    console.log(
      `[bench:ab] round ${round + 1} ${side.name}: ${result.rps.toFixed(0)} rps, p95 ${result.p95} ms, errors ${result.errors}`,
    )
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const rows = sides.map(({ name }) => {
  const runs = results.get(name) ?? []
  return {
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    name,
    p95: Math.round(median(runs.map((run) => run.p95)) * 100) / 100,
    rps: median(runs.map((run) => run.rps)),
    runs: runs.map((run) => Math.round(run.rps)),
  }
})
const first = rows[0]?.rps ?? 0
const markdown = [
  `# Booking A/B ${new Date().toISOString()}`,
  '',
  `${ROUNDS} alternating rounds of ${DURATION} s at ${CONNECTIONS} connections; median of the rounds.`,
  '',
  '| side | median rps | vs first | median p95 ms | errors | rps per round |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${row.rps.toFixed(0)} | ${first ? `${((row.rps / first) * 100).toFixed(0)}%` : '-'} | ${row.p95} | ${row.errors} | ${row.runs.join(', ')} |`,
  ),
].join('\n')
console.log(`\n${markdown}\n`)
const resultsDir = path.join(rootDir, 'bench', 'results')
fs.mkdirSync(resultsDir, { recursive: true })
fs.writeFileSync(path.join(resultsDir, 'ab-latest.md'), `${markdown}\n`)
await cleanup()
