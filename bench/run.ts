/**
 * `npm run bench`: latency, throughput and SQL statements per request for the hot paths, at 1, 10
 * and 50 connections, side by side in one run: this app, plain Payload on the same data (the same
 * build with EVENTS_CMS_PLUGIN=off: no hooks, caches or custom endpoints) and raw SQL for the same
 * data (pg). Needs `npm run build` and `npm run bench:seed` first. Prints a markdown table and
 * writes it with the raw figures to bench/results/. Figures, not assertions.
 *
 * The first row is the ceiling: a bare Next.js route of the same build answering cached JSON
 * (src/app/(payload)/api/bench-ceiling), and every row says what share of it this app reached at
 * the same number of connections. A later bare row answers the same at the production server's
 * front door (scripts/lib/frontDoor.mjs), before Next.js: the ceiling of the reads answered there.
 * BENCH_BEFORE_ROOT (another checkout with a production build, e.g. the previous commit's) adds
 * its server on the same data, measured right after ours on every row: before and after in one
 * run.
 *
 * BENCH_DURATION (seconds per run, default 5), BENCH_CONNECTIONS (default "1,10,50"),
 * BENCH_SCENARIOS (name prefixes separated by ';', as names hold commas; default all). BENCH_INSTANCES (e.g. "1,2") adds the rows
 * through HAProxy with that many app servers afterwards (bench/cluster.ts, `npm run bench:cluster`).
 * BENCH_SMOKE=1 (`npm run bench:smoke`, in CI): every scenario once, 1 s at one connection, on
 * a small dataset of its own; fails when a row answers nothing, errs, or anything is oversold.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

import { getPayload } from 'payload'
import pg from 'pg'

import { loadEnv, rootDir, tsxCli } from '../scripts/lib/runtime'
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  BENCH_SECRET,
  benchTicketCodeKey,
  benchUserEmail,
  DOOR_EVENT_SLUG,
  HOT_EVENT_SLUG,
  smoke,
  startBenchDatabase,
  TYPED_EVENT_SLUG,
} from './lib/benchDatabase'
import type { LoadResult } from './lib/load'
import { benchScenarios, type Scenario } from './scenarios'
import { runLoad } from './lib/runLoad'
import { startBenchServer } from './lib/benchServer'
import { cpuPerRequest, sampleCpu } from './lib/cpu'
import { countStatements, type StatementCounts } from './lib/statements'
import { cleanup, cleanUpOnExit, failBench, onCleanup } from './lib/cleanup'
import { commandLine } from '../scripts/lib/cli'
import { ticketCode } from 'payload-events-cms/tickets'
import { EXPIRE_HOLDS_TASK } from 'payload-events-cms/collections'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { removeRunBookings } from './lib/runBookings'
import { nodeArgs } from '../scripts/lib/nodeFlags'

commandLine(`
Usage: npm run bench

Latency, throughput and SQL statements per request for the hot paths: this app, plain Payload and
raw SQL on the bench data (\`npm run build\` and \`npm run bench:seed\` first). BENCH_DURATION,
BENCH_CONNECTIONS, BENCH_SCENARIOS (name prefixes separated by ';'), BENCH_INSTANCES,
BENCH_BEFORE_ROOT (another checkout's build, measured alongside), BENCH_SMOKE=1 (CI's quick run).
`)

cleanUpOnExit('bench')
loadEnv()
const SECRET = BENCH_SECRET
process.env.PAYLOAD_SECRET = SECRET
const SMOKE = smoke()
const DURATION = SMOKE ? 1 : Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = SMOKE
  ? [1]
  : (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number)
const ONLY = process.env.BENCH_SCENARIOS?.split(';').map((name) => name.trim())
const BEFORE_ROOT = process.env.BENCH_BEFORE_ROOT
const PORTS = { before: 3203, ours: 3201, plain: 3202 }
const CEILING = 'bare Next.js route (cached JSON): the ceiling'
const FRONT_DOOR_CEILING = 'bare answer at the front door (cached JSON, before Next.js)'

if (!fs.existsSync(path.join(rootDir, '.next', 'BUILD_ID'))) {
  await failBench('bench', 'no production build: run `npm run build` first.')
}

const log = (message: string) => console.log(`[bench] ${message}`)
const database = await startBenchDatabase()
onCleanup(() => database.stop())
const pool = new pg.Pool({ connectionString: database.url, max: 60 })
pool.on('error', () => undefined) // idle clients see the server stop at the end
onCleanup(() => pool.end())
// Runs before the pool ends: the run's bookings go, so the next run measures the same data.
const runStarted = new Date()
onCleanup(async () => {
  const removed = await removeRunBookings(pool, runStarted)
  log(`removed the run's ${removed.toLocaleString('en')} bookings`)
})
const { rows: seeded } = await pool
  .query<{ count: string }>('SELECT count(*) FROM events')
  .catch(() => ({ rows: [{ count: '0' }] }))
if (Number(seeded[0]?.count) === 0)
  await failBench('bench', 'the bench database is empty: run `npm run bench:seed` first.')

// ---- the servers -------------------------------------------------------------------------------
log('starting the servers (this app, and plain Payload) on the bench database')
const servers = {
  ours: (await startBenchServer('bench', { databaseUrl: database.url, port: PORTS.ours })).child,
  plain: (
    await startBenchServer('bench', { databaseUrl: database.url, plain: true, port: PORTS.plain })
  ).child,
}
if (BEFORE_ROOT) {
  log(`and the build in ${BEFORE_ROOT} ("before")`)
  await startBenchServer('bench', {
    databaseUrl: database.url,
    port: PORTS.before,
    root: BEFORE_ROOT,
  })
}

/**
 * Bench servers run no queues (JOBS_AUTORUN=off; in production a worker runs them), so holds that
 * lapsed in earlier booking runs would pile up for ever here (10,397 on one event after a day of
 * runs), and every read of their event would sum them: a state production never reaches, where
 * the worker expires them every minute. Before each scenario this does the worker's minute.
 */
const worker = await getPayload({ config: await buildAppConfig({ databaseUrl: database.url }) })
onCleanup(() => closePayload(worker))
const workersMinute = async () => {
  const job = await worker.jobs.queue({ input: {}, task: EXPIRE_HOLDS_TASK })
  await worker.jobs.runByID({ id: job.id })
}

// ---- the data the requests use -----------------------------------------------------------------
const origin = (variant: keyof typeof PORTS) => `http://127.0.0.1:${PORTS[variant]}`
const signIn = async (email: string) => {
  const started = performance.now()
  const response = await fetch(`${origin('ours')}/api/users/login`, {
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
    headers: { 'content-type': 'application/json' },
    method: 'POST',
  })
  const text = await response.text()
  const body = JSON.parse(text || '{}') as { token?: string; user?: { id: string } }
  return { body, ms: performance.now() - started, status: response.status, text }
}
const login = async (email: string) => {
  const { body, status, text } = await signIn(email)
  if (!body.token || !body.user) {
    return failBench('bench', `login failed for ${email}: ${status} ${text.slice(0, 200)}`)
  }
  return { id: body.user.id, token: body.token }
}
const admin = await login(BENCH_ADMIN_EMAIL)
// A box office's morning: 100 customers sign in at the same moment, all must get in.
const SIGN_INS = 100
const signInsStarted = performance.now()
const signIns = await Promise.all(
  Array.from({ length: SIGN_INS }, (_, i) => signIn(benchUserEmail(i + 1))),
)
const signInFigures = {
  count: SIGN_INS,
  failed: signIns.filter(({ status }) => status !== 200).length,
  p95: Math.round(
    signIns.map(({ ms }) => ms).sort((a, b) => a - b)[Math.floor(SIGN_INS * 0.95)] ?? 0,
  ),
  totalMs: Math.round(performance.now() - signInsStarted),
}
log(`${SIGN_INS} simultaneous sign-ins: ${JSON.stringify(signInFigures)}`)
if (signInFigures.failed > 0) {
  const failed = signIns.find(({ status }) => status !== 200)
  await failBench(
    'bench',
    `${signInFigures.failed} of ${SIGN_INS} simultaneous sign-ins failed: ${failed?.status} ${failed?.text.slice(0, 200)}`,
  )
}
const accounts = signIns.map(({ body }) => ({
  id: String(body.user?.id),
  token: String(body.token),
}))
// Those whose bookings the list row reads never book in the booking rows: their lists stay as seeded.
const users = accounts.slice(0, 50)
const bookers = accounts.slice(50)
const ids = async (query: string) =>
  (await pool.query<{ id: string }>(query)).rows.map(({ id }) => id)
// Bookable for the whole run with `{event, seats}` (not started, seats to spare, no ticket types:
// those take lines), so a refused booking is an error.
const eventIds = await ids(
  `SELECT id FROM events e WHERE status = 'published' AND slug <> '${HOT_EVENT_SLUG}'
     AND start_date > now() + interval '1 day' AND capacity - seats_booked >= 100
     AND NOT EXISTS (SELECT 1 FROM ticket_types t WHERE t.event_id = e.id)
   ORDER BY random() LIMIT 500`,
)
const eventSlugs = await ids(
  `SELECT slug AS id FROM events WHERE status = 'published' AND end_date > now()
   ORDER BY random() LIMIT 200`,
)
const [hotEventId] = await ids(`SELECT id FROM events WHERE slug = '${HOT_EVENT_SLUG}'`)
const [typedEventId] = await ids(`SELECT id FROM events WHERE slug = '${TYPED_EVENT_SLUG}'`)
const ticketTypeIds = await ids(
  `SELECT t.id FROM ticket_types t WHERE t.event_id = '${typedEventId}' ORDER BY t.sort_order`,
)
// The door opens for the run (check-in is accepted from hours before the start to its end).
const [doorEventId] = await ids(
  `UPDATE events SET start_date = now() + interval '1 hour', end_date = now() + interval '5 hours'
   WHERE slug = '${DOOR_EVENT_SLUG}' RETURNING id`,
)
if (!hotEventId || !typedEventId || ticketTypeIds.length < 2 || !doorEventId) {
  await failBench('bench', 'the bench data predates ticket types: run `npm run bench:seed` again.')
}
const codeKey = benchTicketCodeKey()
const doorCodes = (
  await ids(`SELECT id FROM tickets WHERE event_id = '${doorEventId}' ORDER BY id`)
).map((id) => ticketCode(codeKey, id, 1))
/** Every scan run starts at a door nobody has passed yet. */
const reopenDoor = () =>
  // check_ins_keep_record refuses deletes; replica mode skips triggers, for the bench only.
  pool.query(`BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM check_ins; COMMIT`)
const pages = (
  await pool.query<{ id: string; slug: string }>(
    `SELECT id, slug FROM pages ORDER BY random() LIMIT 100`,
  )
).rows
const reorderPage = pages[0]
const reorderLayout = await (async () => {
  const response = await fetch(`${origin('ours')}/api/pages/${reorderPage?.id}?depth=0`, {
    headers: { authorization: `JWT ${admin.token}` },
  })
  const page = (await response.json()) as { layout: unknown[] }
  return [...page.layout].reverse()
})()

// ---- scenarios ----------------------------------------------------------------------------------
const allScenarios = benchScenarios({
  admin,
  bookers,
  doorCodes,
  doorEventId: doorEventId ?? '',
  eventIds,
  eventSlugs,
  hotEventId: hotEventId ?? '',
  pages,
  reopenDoor,
  reorderLayout,
  reorderPage,
  ticketTypeIds,
  typedEventId: typedEventId ?? '',
  users,
})
const scenarios = allScenarios.filter(
  ({ name }) => !ONLY || ONLY.some((only) => name.startsWith(only)),
)

// ---- measuring -----------------------------------------------------------------------------------
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)

const runRaw = async (operation: Scenario['raw'], connections: number): Promise<LoadResult> => {
  const latencies: number[] = []
  let errors = 0
  const deadline = performance.now() + DURATION * 1000
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect()
      try {
        while (performance.now() < deadline) {
          const start = performance.now()
          await operation(client).catch(() => (errors += 1))
          latencies.push(performance.now() - start)
        }
      } finally {
        client.release()
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    errors,
    // A raw statement that failed was refused by the database: the non-2xx of SQL.
    failures: { connection: 0, non2xx: errors, samples: [], timeouts: 0 },
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    requests: latencies.length,
    rps: round(latencies.length / DURATION),
  }
}

type Row = {
  /** The same requests on BENCH_BEFORE_ROOT's server, right after ours. */
  before?: LoadResult
  connections: number
  /** CPU ms per request of this app's server and of PostgreSQL during the `ours` run. */
  cpu?: { postgres: number; server: number }
  ours: LoadResult
  plain?: LoadResult
  raw?: LoadResult
  scenario: string
}
const rows: Row[] = []
const statements: Record<string, StatementCounts> = {}

// Counted after the worker's minute: a claim that first meets the lapsed holds of an earlier run
// expires them (the statements of that are not a booking's).
await workersMinute()
log('counting SQL statements per request (in-process, through the same route handlers)')
const counted = await countStatements(database.url, scenarios)
Object.assign(statements, counted)

/** A bare route of ours at every number of connections, each a row named `scenario`. */
const measureBare = async (scenario: string, path: string) => {
  const variants = [{ method: 'GET', path }]
  const results = new Map<number, LoadResult>()
  await runLoad({ connections: 10, durationSeconds: 1, origin: origin('ours'), variants })
  for (const connections of CONNECTIONS) {
    const cpuBefore = sampleCpu(servers.ours.pid)
    const ours = await runLoad({
      connections,
      durationSeconds: DURATION,
      origin: origin('ours'),
      variants,
    })
    const cpu = cpuPerRequest(cpuBefore, sampleCpu(servers.ours.pid), ours.requests)
    results.set(connections, ours)
    rows.push({ connections, cpu, ours, scenario })
    log(`${scenario} @${connections}: ${ours.rps.toFixed(0)} rps p95 ${ours.p95} ms`)
  }
  return results
}

// The ceiling: what any answer over HTTP gets from this machine, measured in this run.
const ceiling = await measureBare(CEILING, '/api/bench-ceiling')

// The same bare route with an answer as large as the event list's: how much of a large read's
// cost is its size alone (Next.js's streams, the socket, garbage).
const listPath = allScenarios.find(({ name }) => name.startsWith('event list'))?.ours[0]?.path
const listBytes = listPath
  ? (await (await fetch(`${origin('ours')}${listPath}`)).arrayBuffer()).byteLength
  : 0
if (listBytes > 0)
  await measureBare(
    `bare Next.js route, an answer the size of the event list (${(listBytes / 1000).toFixed(1)} KB)`,
    `/api/bench-ceiling?bytes=${listBytes}`,
  )

// The same bare answer at the production server's front door (scripts/lib/frontDoor.mjs, opened by
// the ceiling route's module, loaded by the rows above): an answer without Next.js's request
// handling, the ceiling of the reads answered there.
await measureBare(FRONT_DOOR_CEILING, '/api/bench-ceiling/door')

for (const scenario of scenarios) {
  await workersMinute()
  const { order, reset = async () => undefined } = scenario
  for (const variant of BEFORE_ROOT
    ? (['ours', 'before', 'plain'] as const)
    : (['ours', 'plain'] as const)) {
    const variants = scenario[variant === 'before' ? 'ours' : variant]
    await reset()
    if (variants)
      await runLoad({
        connections: 10,
        durationSeconds: 1,
        order,
        origin: origin(variant),
        variants,
      })
  }
  for (const connections of CONNECTIONS) {
    await reset()
    const cpuBefore = sampleCpu(servers.ours.pid)
    const ours = await runLoad({
      connections,
      durationSeconds: DURATION,
      order,
      origin: origin('ours'),
      // The smoke run asks whether each scenario works: a hiccup of the machine (a pause over the
      // 1 s run) is not a broken scenario; an answer still missing after 10 s is.
      ...(SMOKE ? { timeoutSeconds: 10 } : {}),
      variants: scenario.ours,
    })
    const cpu = cpuPerRequest(cpuBefore, sampleCpu(servers.ours.pid), ours.requests)
    await reset()
    const before = BEFORE_ROOT
      ? await runLoad({
          connections,
          durationSeconds: DURATION,
          order,
          origin: origin('before'),
          variants: scenario.ours,
        })
      : undefined
    if (before) await reset()
    const plain = scenario.plain
      ? await runLoad({
          connections,
          durationSeconds: DURATION,
          order,
          origin: origin('plain'),
          variants: scenario.plain,
        })
      : undefined
    await reset()
    const raw = await runRaw(scenario.raw, connections)
    rows.push({ before, connections, cpu, ours, plain, raw, scenario: scenario.name })
    log(
      `${scenario.name} @${connections}: ours ${ours.rps.toFixed(0)} rps p95 ${ours.p95} ms${before ? `, before ${before.rps.toFixed(0)} rps p95 ${before.p95} ms` : ''}, plain ${plain ? `${plain.rps.toFixed(0)} rps p95 ${plain.p95} ms` : 'n/a'}, raw ${raw.rps.toFixed(0)} rps`,
    )
  }
}

// Oversold check after the booking runs: the counter must equal the seats of the bookings that
// hold seats (pending, lapsed or not: a lapsed hold is released by the next claim or the expiry
// job, which changes its status), per event.
const { rows: oversold } = await pool.query<{ count: string }>(
  `SELECT count(*) FROM events e WHERE seats_booked > capacity OR seats_booked <> (
     SELECT coalesce(sum(seats), 0) FROM bookings b WHERE b.event_id = e.id AND b.status IN ('pending', 'confirmed'))`,
)

// The type counters against their lines, and admissions per ticket (PostgreSQL's unique index says 0).
const { rows: typesOff } = await pool.query<{ count: string }>(
  `SELECT count(*) FROM ticket_types t WHERE t.seats_booked > coalesce(t.capacity, t.seats_booked)
     OR t.seats_booked <> (SELECT coalesce(sum(l.quantity), 0) FROM bookings_lines l JOIN bookings b ON b.id = l._parent_id
       WHERE l.ticket_type_id = t.id AND b.status IN ('pending', 'confirmed'))`,
)
const { rows: doubleAdmissions } = await pool.query<{ count: string }>(
  `SELECT count(*) FROM (SELECT ticket_id FROM check_ins WHERE result = 'admitted' AND undone_at IS NULL
     GROUP BY ticket_id HAVING count(*) > 1) twice`,
)
await reopenDoor()

// ---- report --------------------------------------------------------------------------------------
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-')
const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU'
const ofCeiling = (connections: number, result: LoadResult) => {
  const top = ceiling.get(connections)?.rps ?? 0
  return top > 0 ? `${Math.round((100 * result.rps) / top)}%` : '-'
}
const header = [
  `# Benchmark ${new Date().toISOString()}${SMOKE ? ' (smoke: 1 s at one connection, small dataset)' : ''}`,
  '',
  `${os.cpus().length} cores (${cpuModel}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${DURATION} s per run; one Next.js production server per variant on the same PostgreSQL; autocannon in a separate process. p95 is interpolated from autocannon's p90 and p97.5. Latencies in ms. "of ceiling": this app's rps as a share of the first row's (a bare Next.js route of the same build answering cached JSON) at the same connections.${BEFORE_ROOT ? ' "before": the same requests on the build in BENCH_BEFORE_ROOT (same data), measured right after ours.' : ''} CPU: milliseconds of CPU per request of this app's server process group and of all PostgreSQL processes during its run (from /proc), what bounds throughput on a small machine.`,
  '',
  `| scenario | conns | ours p50 / p95 / p99 | ours rps | of ceiling |${BEFORE_ROOT ? ' before rps (p95) |' : ''} plain p50 / p95 / p99 | plain rps | raw SQL p50 / p95 | raw rps | ours vs plain (rps) | errors ours / plain | SQL statements ours / plain | CPU ms/request server / PostgreSQL |`,
  `| --- | --- | --- | --- | --- |${BEFORE_ROOT ? ' --- |' : ''} --- | --- | --- | --- | --- | --- | --- | --- |`,
]
const lines = rows.map(({ before, connections, cpu, ours, plain, raw, scenario }) => {
  const counts = statements[scenario]
  const [plainLatency, plainRps, versus, plainErrors] = plain
    ? [
        `${plain.p50} / ${plain.p95} / ${plain.p99}`,
        plain.rps.toFixed(0),
        ratio(ours.rps, plain.rps),
        plain.errors,
      ]
    : ['n/a', 'n/a', 'n/a', 'n/a']
  const statementCells = counts ? `${counts.ours} / ${plain ? counts.plain : 'n/a'}` : '-'
  const beforeCell = BEFORE_ROOT
    ? ` ${before ? `${before.rps.toFixed(0)} (${before.p95})` : '-'} |`
    : ''
  const rawCells = raw ? `${raw.p50} / ${raw.p95} | ${raw.rps.toFixed(0)}` : '- | -'
  return `| ${scenario} | ${connections} | ${ours.p50} / ${ours.p95} / ${ours.p99} | ${ours.rps.toFixed(0)} | ${ofCeiling(connections, ours)} |${beforeCell} ${plainLatency} | ${plainRps} | ${rawCells} | ${versus} | ${ours.errors} / ${plainErrors} | ${statementCells} | ${cpu ? `${cpu.server.toFixed(2)} / ${cpu.postgres.toFixed(2)}` : '-'} |`
})
const footer = [
  '',
  'n/a: plain Payload cannot create a booking on this schema at all (status, price snapshot and hold expiry are server-owned, so without the hooks PostgreSQL refuses every row). A request not answered within its run counts as an error.',
  '',
  `Events whose seat counter disagrees with their active bookings or exceeds capacity after the booking runs: ${oversold[0]?.count ?? '?'}; ticket types likewise: ${typesOff[0]?.count ?? '?'}; tickets admitted twice (after the last scan run): ${doubleAdmissions[0]?.count ?? '?'}.`,
  '',
  "Check-in scans: each run starts with no check-ins and scans the door event's tickets in order (one request per ticket; a run that gets through them all scans some again and those are refused with 409, counted as errors). Scanners are 50 door staff accounts, round robin (`tickets.scansPerMinute` is per account).",
  '',
  `${signInFigures.count} simultaneous sign-ins on one server: ${signInFigures.count - signInFigures.failed} succeeded, all done in ${signInFigures.totalMs} ms, p95 ${signInFigures.p95} ms (each is ~130 ms of PBKDF2; \`limits.passwordChecks\` lets 2 run at once per server).`,
]
const markdown = [...header, ...lines, ...footer].join('\n')
console.log(`\n${markdown}\n`)

const resultsDir = path.join(rootDir, 'bench', 'results')
fs.mkdirSync(resultsDir, { recursive: true })
if (SMOKE) {
  // Kept out of git: the smoke run proves the benchmark works, its figures mean nothing.
  fs.writeFileSync(path.join(resultsDir, 'smoke.md'), `${markdown}\n`)
  const broken = [
    ...rows
      .filter(({ ours }) => ours.requests === 0 || ours.errors > 0)
      .map(
        ({ ours, scenario }) =>
          `${scenario}: ${ours.requests} answered, ${ours.errors} errors (${ours.failures.non2xx} not 2xx, ${ours.failures.timeouts} timeouts, ${ours.failures.connection} connection errors)${ours.failures.samples.map((sample) => `\n    ${sample}`).join('')}`,
      ),
    ...scenarios
      .filter(({ name }) => !rows.some((row) => row.scenario === name))
      .map(({ name }) => `${name}: not measured`),
    ...[oversold, typesOff, doubleAdmissions]
      .map(
        (result, index) =>
          [
            ['oversold events', 'ticket types off', 'double admissions'][index],
            Number(result[0]?.count),
          ] as const,
      )
      .filter(([, count]) => count !== 0)
      .map(([what, count]) => `${what}: ${count}`),
  ]
  if (broken.length) await failBench('bench', `smoke run failed:\n  ${broken.join('\n  ')}`)
  log(`smoke run passed: ${rows.length} rows, written to bench/results/smoke.md`)
} else {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  fs.writeFileSync(
    path.join(resultsDir, `bench-${stamp}.json`),
    JSON.stringify(
      {
        ceiling: Object.fromEntries(ceiling),
        duration: DURATION,
        doubleAdmissions: Number(doubleAdmissions[0]?.count),
        oversold: Number(oversold[0]?.count),
        ticketTypesOff: Number(typesOff[0]?.count),
        rows,
        signIns: signInFigures,
        statements,
      },
      null,
      2,
    ),
  )
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), `${markdown}\n`)
  log(`written to bench/results/bench-${stamp}.json and bench/results/latest.md`)
}

await cleanup()

if (process.env.BENCH_INSTANCES) {
  log(`BENCH_INSTANCES=${process.env.BENCH_INSTANCES}: the rows through HAProxy (bench/cluster.ts)`)
  const cluster = spawn(
    process.execPath,
    nodeArgs([tsxCli, path.join(rootDir, 'bench', 'cluster.ts')]),
    {
      stdio: 'inherit',
    },
  )
  const code = await new Promise<null | number>((resolve) => cluster.once('exit', resolve))
  if (code !== 0) process.exitCode = code ?? 1
}
