/**
 * CI drill of the faults an operator meets, against the production build (`npm run build` first):
 *
 * 0. The first request is the admin panel's (the admin bundle starts Payload), then PostgreSQL is
 *    held down (its supervisor paused): a signed-in client's `me`, bookings and reads, the public
 *    settings and the published page route all answer 503 with Retry-After, never 401, 403 or an
 *    empty 500; a booking waiting on a held event row answers 503 with `Retry-After: 1`.
 * 1. PostgreSQL killed with kill -9 while bookings and reads flow: the app's supervisor restarts it
 *    and the app books again within seconds, with no manual step; meanwhile clients get 201 or 503
 *    (never a 500, never a 401); the seat counter and the audit chain hold.
 * 2. The app killed with kill -9 (its whole process group; PostgreSQL lives in its own) and started
 *    again at once: the new app adopts the running PostgreSQL and serves; `npm run audit:verify` and
 *    `npm run seed` beside it never take the database away from it.
 * 3. `npm run backup` while bookings flow, then `npm run restore -- --to latest`: the restore holds
 *    every booking the live database has, and its audit chain verifies.
 *
 * Prints the recovery times. Exits non-zero on the first broken promise.
 * Usage: npx tsx scripts/fault-drill.ts   (DRILL_PORT, DRILL_PG_PORT to move it)
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { apiRequest, createBookableEvent } from './lib/apiClient'
import { commandLine } from './lib/cli'
import { clusterDirOf } from './lib/postgres/processes'

commandLine(`
Usage: npm run drill

CI drill against the production build (\`npm run build\` first): a database outage, PostgreSQL and
the app killed with kill -9 under load, backup and restore. DRILL_PORT, DRILL_PG_PORT move it.
`)

const rootDir = path.resolve(import.meta.dirname, '..')
const port = process.env.DRILL_PORT ?? '3997'
const pgPort = process.env.DRILL_PG_PORT ?? '54397'
const origin = `http://127.0.0.1:${port}`
const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/payload_events_cms`
// A fresh data directory of its own: the first account it registers is the admin.
const dataDir = path.join(rootDir, '.data', 'fault-drill')
// ...and of the cluster, also where it was moved to when the postgres OS user cannot reach it.
const removeDrillData = () => {
  const cluster = clusterDirOf(path.join(dataDir, 'pg'))
  if (cluster !== path.join(dataDir, 'pg')) {
    for (const dir of [cluster, `${cluster}-wal-archive`])
      fs.rmSync(dir, { force: true, recursive: true })
  }
  fs.rmSync(dataDir, { force: true, recursive: true })
}
removeDrillData()
const env = { ...process.env, EMBEDDED_PG_PORT: pgPort, EVENTS_CMS_DATA_DIR: dataDir, PORT: port }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const apps: ChildProcess[] = []
/** Ends the drill: SIGTERM lets each app stop its PostgreSQL, which SIGKILL would orphan. */
const fail = async (message: string): Promise<never> => {
  console.error(`fault-drill: FAILED: ${message}`)
  for (const app of apps) {
    if (!app.pid || app.exitCode !== null) continue
    try {
      process.kill(-app.pid, 'SIGTERM')
    } catch {
      continue // already gone
    }
    await Promise.race([
      new Promise((resolve) => app.once('exit', resolve)),
      new Promise((resolve) => setTimeout(resolve, 30_000)),
    ])
  }
  process.exit(1)
}

// Whatever ends this drill (a failure, an exception) ends the apps it started too.
process.on('exit', () => {
  for (const app of apps) {
    try {
      if (app.pid && app.exitCode === null) process.kill(-app.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})

const startApp = () => {
  const app = spawn('npm', ['start'], {
    cwd: rootDir,
    detached: true,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  apps.push(app)
  return app
}

const request = (method: string, route: string, body?: unknown, token?: string) =>
  apiRequest(origin, method, route, body, token)

const waitForHealth = async (timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if ((await request('GET', '/health')).status === 200) return
    await sleep(200)
  }
  await fail(`GET /api/health did not answer 200 within ${timeoutMs / 1000} s`)
}

const runScriptWithOutput = (script: string, args: string[] = []) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn('npm', ['run', script, '--', ...args], {
      cwd: rootDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      if (code !== 0) console.error(output)
      resolve({ code: code ?? 1, output })
    })
  })
const runScript = async (script: string) => (await runScriptWithOutput(script)).code

const postmasterPid = () =>
  Number(
    fs
      .readFileSync(path.join(clusterDirOf(path.join(dataDir, 'pg')), 'postmaster.pid'), 'utf8')
      .split('\n')[0],
  )

const counters = async (eventId: string) => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ active: string; booked: string }>(
      `SELECT e.seats_booked AS booked, (SELECT coalesce(sum(seats), 0) FROM bookings
         WHERE event_id = e.id AND status IN ('pending', 'confirmed')) AS active
       FROM events e WHERE e.id = $1`,
      [eventId],
    )
    return { active: Number(rows[0]?.active), booked: Number(rows[0]?.booked) }
  } finally {
    await client.end()
  }
}

/** Bookings and anonymous reads in a loop until `stop()`, counting every status. */
const load = (eventId: string, token: string) => {
  const statuses = new Map<number, number>()
  const booked: number[] = []
  let running = true
  const worker = async () => {
    while (running) {
      const [booking, read] = await Promise.all([
        request('POST', '/bookings', { event: eventId, seats: 1 }, token),
        request('GET', `/events/${eventId}?depth=0`),
      ])
      for (const { status } of [booking, read])
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      if (booking.status === 201) booked.push(Date.now())
      if (booking.status !== 201) await sleep(50)
    }
  }
  const workers = Array.from({ length: 4 }, worker)
  return {
    booked,
    statuses,
    stop: async () => {
      running = false
      await Promise.all(workers)
    },
  }
}

// --- set-up: an admin, a customer and an event on a fresh app, first reached through /admin ---
let app = startApp()
const adminDeadline = Date.now() + 180_000
while (
  (await fetch(`${origin}/admin`).then(
    (r) => r.status,
    () => 0,
  )) !== 200
) {
  if (Date.now() > adminDeadline) await fail('GET /admin did not answer 200 within 180 s')
  await sleep(500)
}
await waitForHealth(30_000)
const admin = { email: 'drill-admin@example.com', password: 'drill-password-123' }
const customer = { email: 'drill-customer@example.com', password: 'drill-password-123' }
for (const account of [admin, customer]) await request('POST', '/users', account)
const login = async (account: typeof admin) =>
  String((await request('POST', '/users/login', account)).json.token ?? '')
const adminToken = await login(admin)
const eventId = await createBookableEvent(origin, adminToken, {
  capacity: 50_000,
  title: 'Drill Night',
})
if (!eventId) await fail('could not create the drill event')
const token = await login(customer)

// --- 0. PostgreSQL held down, and a held event row ---
const probe = async (what: string, answer: Promise<{ status: number; text: string }>) => {
  const { status, text } = await answer
  return status === 503 && /"retryAfter":\d+/.test(text)
    ? undefined
    : `${what}: ${status} ${text.slice(0, 120)}`
}
const holder = new pg.Client({ connectionString: databaseUrl })
await holder.connect()
await holder.query('BEGIN')
await holder.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [eventId])
const heldStarted = Date.now()
const held = await fetch(`${origin}/api/bookings`, {
  body: JSON.stringify({ event: eventId, seats: 1 }),
  headers: { authorization: `JWT ${token}`, 'content-type': 'application/json' },
  method: 'POST',
})
const heldMs = Date.now() - heldStarted
await holder.query('ROLLBACK')
await holder.end()
if (held.status !== 503 || held.headers.get('retry-after') !== '1')
  await fail(
    `a booking on a held event row answered ${held.status}, Retry-After ${held.headers.get('retry-after')}`,
  )
const supervisor = Number(execSync(`ps -o ppid= -p ${postmasterPid()}`).toString().trim())
process.kill(supervisor, 'SIGSTOP')
process.kill(postmasterPid(), 'SIGKILL')
await sleep(500)
const wrong = (
  await Promise.all([
    probe('GET /users/me', request('GET', '/users/me', undefined, token)),
    probe('GET /bookings', request('GET', '/bookings', undefined, token)),
    probe('POST /bookings', request('POST', '/bookings', { event: eventId, seats: 1 }, token)),
    probe('GET /events', request('GET', '/events')),
    probe('GET /globals/site-settings/public', request('GET', '/globals/site-settings/public')),
    probe('GET /pages/published/home', request('GET', '/pages/published/home')),
  ])
).filter(Boolean)
process.kill(supervisor, 'SIGCONT')
if (wrong.length) await fail(`during the outage: ${wrong.join('; ')}`)
await waitForHealth(60_000)
console.log(
  `fault-drill: outage after an /admin start: every probe 503 with Retry-After; held event row: 503, Retry-After 1 after ${heldMs} ms`,
)

// --- 1. kill -9 PostgreSQL under load ---
const first = load(String(eventId), token)
await sleep(2000)
const killedAt = Date.now()
process.kill(postmasterPid(), 'SIGKILL')
while (Date.now() - killedAt < 60_000 && !first.booked.some((at) => at > killedAt + 100))
  await sleep(50)
const recoveredAt =
  first.booked.find((at) => at > killedAt + 100) ??
  (await fail('no booking succeeded within 60 s of killing PostgreSQL'))
await sleep(3000)
await first.stop()
const statuses = Object.fromEntries(first.statuses)
const unexpected = [...first.statuses.keys()].filter((status) => ![200, 201, 503].includes(status))
if (unexpected.length)
  await fail(
    `clients got ${unexpected.join(', ')} while PostgreSQL restarted: ${JSON.stringify(statuses)}`,
  )
const seats = await counters(String(eventId))
if (seats.booked !== seats.active)
  await fail(`seat counter ${seats.booked} but ${seats.active} seats booked`)
if ((await runScript('audit:verify')) !== 0)
  await fail('audit:verify failed after PostgreSQL was killed')
console.log(
  `fault-drill: PostgreSQL kill -9 under load: booking again after ${recoveredAt - killedAt} ms; ` +
    `statuses ${JSON.stringify(statuses)}; counter ${seats.booked} = active seats; chain intact`,
)

// --- 2. kill -9 the app and start it again at once ---
const serverBefore = postmasterPid()
if (app.pid) process.kill(-app.pid, 'SIGKILL')
const appKilledAt = Date.now()
app = startApp()
await waitForHealth(180_000)
const appBackAfter = Date.now() - appKilledAt
if (postmasterPid() !== serverBefore)
  await fail('the restarted app did not adopt the running PostgreSQL')
const watching = load(String(eventId), token)
const [verify, seed] = await Promise.all([runScript('audit:verify'), runScript('seed')])
await sleep(1000)
await watching.stop()
if (verify !== 0 || seed !== 0)
  await fail(`audit:verify exited ${verify}, seed ${seed} beside the running app`)
const during = [...watching.statuses.keys()].filter((status) => ![200, 201].includes(status))
if (during.length)
  await fail(`the app answered ${during.join(', ')} while audit:verify and seed ran`)
if ((await request('GET', '/health')).status !== 200)
  await fail('the app stopped answering after audit:verify and seed')
console.log(
  `fault-drill: app kill -9 and restart: serving again after ${appBackAfter} ms (same PostgreSQL adopted); ` +
    `audit:verify and seed beside it: ${JSON.stringify(Object.fromEntries(watching.statuses))}`,
)

// --- 3. npm run backup while bookings flow, then npm run restore to the latest change ---
const third = load(String(eventId), token)
const backupStarted = Date.now()
const backup = await runScriptWithOutput('backup')
const backupMs = Date.now() - backupStarted
await third.stop()
if (backup.code !== 0) await fail('npm run backup failed while the app served bookings')
const { active: liveBookings } = await counters(String(eventId))
const restoreStarted = Date.now()
const restore = await runScriptWithOutput('restore', ['--to', 'latest'])
const restoreMs = Date.now() - restoreStarted
if (restore.code !== 0) await fail('npm run restore failed')
const restoredBookings = Number(/bookings (\d+)/.exec(restore.output)?.[1])
const allBookings = await (async () => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM bookings')
  await client.end()
  return Number(rows[0]?.count)
})()
if (restoredBookings !== allBookings) {
  await fail(`the restore holds ${restoredBookings} bookings, the live database ${allBookings}`)
}
if (!/audit:verify: OK/.test(restore.output)) await fail('the restored audit chain did not verify')
console.log(
  `fault-drill: backup while booking: ${(backupMs / 1000).toFixed(1)} s (${/backup: (\d+ files, [\d.]+ MiB)/.exec(backup.output)?.[1]}); ` +
    `restore to the latest change: ${(restoreMs / 1000).toFixed(1)} s, all ${restoredBookings} bookings (${liveBookings} seats active), chain intact`,
)

// --- clean stop ---
if (app.pid) process.kill(-app.pid, 'SIGTERM')
const pidFile = path.join(clusterDirOf(path.join(dataDir, 'pg')), 'postmaster.pid')
const stopDeadline = Date.now() + 90_000
while (fs.existsSync(pidFile) && Date.now() < stopDeadline) await sleep(200)
if (fs.existsSync(pidFile)) {
  console.error(
    execSync(
      'ps -eo pid,pgid,stat,args | grep -E "node|postgres" | grep -v grep || true',
    ).toString(),
  )
  await fail('PostgreSQL still running 90 s after SIGTERM')
}
removeDrillData()
console.log('fault-drill: passed')
process.exit(0)
