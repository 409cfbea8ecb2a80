/**
 * `npm run bench`: latency, throughput and SQL statements per request for the hot paths, at 1, 10
 * and 50 connections, side by side in one run: this app, plain Payload on the same data (the same
 * build with EVENTS_CMS_PLUGIN=off: no hooks, caches or custom endpoints) and raw SQL for the same
 * data (pg). Needs `npm run build` and `npm run bench:seed` first. Prints a markdown table and
 * writes it with the raw figures to bench/results/. Figures, not assertions.
 *
 * BENCH_DURATION (seconds per run, default 5), BENCH_CONNECTIONS (default "1,10,50"),
 * BENCH_SCENARIOS (name prefixes separated by ';', as names hold commas; default all). BENCH_INSTANCES (e.g. "1,2") adds the rows
 * through HAProxy with that many app servers afterwards (bench/cluster.ts, `npm run bench:cluster`).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

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
  startBenchDatabase,
  TYPED_EVENT_SLUG,
} from './lib/benchDatabase'
import type { LoadRequest, LoadResult } from './lib/load'
import { runLoad } from './lib/runLoad'
import { startBenchServer } from './lib/benchServer'
import { cpuPerRequest, sampleCpu } from './lib/cpu'
import { countStatements, type StatementCounts } from './lib/statements'
import { cleanup, cleanUpOnExit, failBench, onCleanup } from './lib/cleanup'
import { commandLine } from '../scripts/lib/cli'
import { readableCode, ticketCode } from 'payload-events-cms'
import { nodeArgs } from '../scripts/lib/nodeFlags'

commandLine(`
Usage: npm run bench

Latency, throughput and SQL statements per request for the hot paths: this app, plain Payload and
raw SQL on the bench data (\`npm run build\` and \`npm run bench:seed\` first). BENCH_DURATION,
BENCH_CONNECTIONS, BENCH_SCENARIOS (name prefixes separated by ';'), BENCH_INSTANCES.
`)

cleanUpOnExit('bench')
loadEnv()
const SECRET = BENCH_SECRET
process.env.PAYLOAD_SECRET = SECRET
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number)
const ONLY = process.env.BENCH_SCENARIOS?.split(';').map((name) => name.trim())
const PORTS = { ours: 3201, plain: 3202 }

if (!fs.existsSync(path.join(rootDir, '.next', 'BUILD_ID'))) {
  await failBench('bench', 'no production build: run `npm run build` first.')
}

const log = (message: string) => console.log(`[bench] ${message}`)
const database = await startBenchDatabase()
onCleanup(() => database.stop())
const pool = new pg.Pool({ connectionString: database.url, max: 60 })
pool.on('error', () => undefined) // idle clients see the server stop at the end
onCleanup(() => pool.end())
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

// ---- the data the requests use -----------------------------------------------------------------
const origin = (variant: 'ours' | 'plain') => `http://127.0.0.1:${PORTS[variant]}`
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
const users = signIns.slice(0, 50).map(({ body }) => ({
  id: String(body.user?.id),
  token: String(body.token),
}))
const ids = async (query: string) =>
  (await pool.query<{ id: string }>(query)).rows.map(({ id }) => id)
// Bookable for the whole run (not started, seats to spare), so a refused booking is an error.
const eventIds = await ids(
  `SELECT id FROM events WHERE status = 'published' AND slug <> '${HOT_EVENT_SLUG}'
     AND start_date > now() + interval '1 day' AND capacity - seats_booked >= 100
   ORDER BY random() LIMIT 500`,
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
const randomOf = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T

// ---- scenarios -----------------------------------------------------------------------------------
const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
})
const asUser = (user: { token: string }) => ({ authorization: `JWT ${user.token}` })
const booking = (body: () => Record<string, unknown>): LoadRequest[] =>
  users.flatMap((user) =>
    Array.from({ length: 4 }, () => {
      const request = json(body())
      return {
        ...request,
        headers: { ...request.headers, ...asUser(user) },
        method: 'POST',
        path: '/api/bookings?depth=0',
      }
    }),
  )

type Scenario = {
  name: string
  ours: LoadRequest[]
  /** Requests in this order instead of at random (each ticket scanned once). */
  order?: 'sequential'
  /** Run before each measured run (and its warm-up). */
  reset?: () => Promise<unknown>
  /**
   * Absent where plain Payload cannot do the request at all: a booking's status, price snapshot
   * and hold expiry are server-owned, so without the hooks PostgreSQL's rules refuse every row.
   */
  plain?: LoadRequest[]
  /** The same data with raw SQL; receives a pooled client. */
  raw: (client: pg.PoolClient) => Promise<unknown>
}

const SEARCH = 'jazz night'
const allScenarios: Scenario[] = [
  {
    name: 'event list (20, concert, depth 1)',
    ours: [
      {
        method: 'GET',
        path: '/api/events?where[category][equals]=concert&where[status][equals]=published&sort=startDate&limit=20&depth=1',
      },
    ],
    plain: [
      {
        method: 'GET',
        path: '/api/events?where[category][equals]=concert&where[status][equals]=published&sort=startDate&limit=20&depth=1',
      },
    ],
    raw: (c) =>
      c.query(`SELECT e.*, to_jsonb(v) AS venue FROM events e JOIN venues v ON v.id = e.venue_id
      WHERE e.status = 'published' AND e.category = 'concert' ORDER BY e.start_date LIMIT 20`),
  },
  {
    name: 'event detail with venue',
    ours: eventIds.map((id) => ({ method: 'GET', path: `/api/events/${id}?depth=1` })),
    plain: eventIds.map((id) => ({ method: 'GET', path: `/api/events/${id}?depth=1` })),
    raw: (c) =>
      c.query(
        `SELECT e.*, to_jsonb(v) AS venue FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1`,
        [randomOf(eventIds)],
      ),
  },
  {
    name: 'page by slug with blocks',
    ours: pages.map(({ slug }) => ({ method: 'GET', path: `/api/pages/published/${slug}` })),
    plain: pages.map(({ slug }) => ({
      method: 'GET',
      path: `/api/pages?where[slug][equals]=${slug}&depth=2&limit=1`,
    })),
    raw: (c) =>
      c.query(
        `SELECT p.*,
        (SELECT json_agg(h ORDER BY h._order) FROM pages_blocks_hero h WHERE h._parent_id = p.id) AS hero,
        (SELECT json_agg(r ORDER BY r._order) FROM pages_blocks_rich_text r WHERE r._parent_id = p.id) AS rich_text,
        (SELECT json_agg(json_build_object('block', i, 'media', m)) FROM pages_blocks_image i LEFT JOIN media m ON m.id = i.media_id WHERE i._parent_id = p.id) AS image,
        (SELECT json_agg(json_build_object('block', g, 'images', (SELECT json_agg(json_build_object('image', gi, 'media', m)) FROM pages_blocks_gallery_images gi LEFT JOIN media m ON m.id = gi.image_id WHERE gi._parent_id = g.id))) FROM pages_blocks_gallery g WHERE g._parent_id = p.id) AS gallery,
        (SELECT json_agg(l) FROM pages_blocks_event_list l WHERE l._parent_id = p.id) AS event_list
      FROM pages p WHERE p.slug = $1 AND p._status = 'published' AND p.archived IS NOT TRUE AND p.deleted_at IS NULL`,
        [randomOf(pages).slug],
      ),
  },
  {
    name: 'public settings',
    ours: [{ method: 'GET', path: '/api/globals/site-settings/public' }],
    plain: [{ method: 'GET', path: '/api/globals/site-settings?depth=1' }],
    raw: (c) => c.query(`SELECT * FROM site_settings LIMIT 1`),
  },
  {
    name: "user's bookings (20, depth 1)",
    ours: users.map((user) => ({
      headers: asUser(user),
      method: 'GET',
      path: '/api/bookings?limit=20&depth=1&sort=-createdAt',
    })),
    plain: users.map((user) => ({
      headers: asUser(user),
      method: 'GET',
      path: `/api/bookings?where[user][equals]=${user.id}&limit=20&depth=1&sort=-createdAt`,
    })),
    raw: (c) =>
      c.query(
        `SELECT b.*, to_jsonb(e) AS event FROM bookings b JOIN events e ON e.id = b.event_id
      WHERE b.user_id = $1 ORDER BY b.created_at DESC LIMIT 20`,
        [randomOf(users).id],
      ),
  },
  {
    name: 'media list (50)',
    ours: [{ method: 'GET', path: '/api/media?limit=50' }],
    plain: [{ method: 'GET', path: '/api/media?limit=50' }],
    raw: (c) =>
      c.query(`SELECT * FROM media WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 50`),
  },
  {
    name: `full-text search ("${SEARCH}")`,
    ours: [
      {
        method: 'GET',
        path: `/api/events/search?q=${encodeURIComponent(SEARCH)}&limit=10&depth=0`,
      },
    ],
    // Plain Payload has no full-text search: the closest is a `like` on the title.
    plain: [
      {
        method: 'GET',
        path: `/api/events?where[title][like]=${encodeURIComponent(SEARCH)}&limit=10&depth=0`,
      },
    ],
    raw: (c) =>
      c.query(
        `SELECT id, title, ts_rank(search_vector, q) AS rank FROM events, websearch_to_tsquery('english', $1) q
      WHERE status = 'published' AND search_vector @@ q ORDER BY rank DESC LIMIT 10`,
        [SEARCH],
      ),
  },
  {
    name: 'booking create, spread events',
    ours: booking(() => ({ event: randomOf(eventIds), seats: 1 })),
    raw: (c) => rawBooking(c, randomOf(eventIds), [{ quantity: 1 }]),
  },
  {
    name: 'booking create, one hot event',
    ours: booking(() => ({ event: hotEventId, seats: 1 })),
    raw: (c) => rawBooking(c, hotEventId ?? '', [{ quantity: 1 }]),
  },
  {
    name: 'booking create, one ticket type (one event)',
    ours: booking(() => ({
      event: typedEventId,
      lines: [{ quantity: 1, ticketType: ticketTypeIds[0] }],
    })),
    raw: (c) => rawBooking(c, typedEventId ?? '', [{ quantity: 1, type: ticketTypeIds[0] }]),
  },
  {
    name: 'booking create, two ticket types (one event)',
    ours: booking(() => ({
      event: typedEventId,
      lines: ticketTypeIds.slice(0, 2).map((ticketType) => ({ quantity: 1, ticketType })),
    })),
    raw: (c) =>
      rawBooking(
        c,
        typedEventId ?? '',
        ticketTypeIds.slice(0, 2).map((type) => ({ quantity: 1, type })),
      ),
  },
  {
    name: 'check-in scan (each ticket once)',
    order: 'sequential',
    ours: doorCodes.map((code, i) => ({
      ...json({ code, event: doorEventId }),
      headers: { ...json({}).headers, ...asUser(users[i % users.length] ?? admin) },
      method: 'POST',
      path: '/api/check-ins',
    })),
    raw: (c) => rawScan(c),
    reset: reopenDoor,
  },
  {
    name: 'section reorder (PATCH layout)',
    ours: [
      {
        ...json({ layout: reorderLayout }),
        headers: { ...json({}).headers, ...asUser(admin) },
        method: 'PATCH',
        path: `/api/pages/${reorderPage?.id}`,
      },
    ],
    plain: [
      {
        ...json({ layout: reorderLayout }),
        headers: { ...json({}).headers, ...asUser(admin) },
        method: 'PATCH',
        path: `/api/pages/${reorderPage?.id}`,
      },
    ],
    raw: async (c) => {
      await c.query('BEGIN')
      for (const table of [
        'pages_blocks_hero',
        'pages_blocks_rich_text',
        'pages_blocks_image',
        'pages_blocks_gallery',
        'pages_blocks_event_list',
      ]) {
        await c.query(`UPDATE ${table} SET _order = 6 - _order WHERE _parent_id = $1`, [
          reorderPage?.id,
        ])
      }
      await c.query('COMMIT')
    },
  },
  // Last: a heavy run leaves work queued in a server after it ends, which must not slow the next.
  {
    name: `attendee list (CSV, ${doorCodes.length.toLocaleString('en')} tickets)`,
    ours: [
      {
        headers: asUser(admin),
        method: 'GET',
        path: `/api/events/${doorEventId}/attendees?format=csv`,
      },
    ],
    // Plain Payload's closest: every ticket of the event with its booking.
    plain: [
      {
        headers: asUser(admin),
        method: 'GET',
        path: `/api/tickets?where[event][equals]=${doorEventId}&limit=0&depth=1`,
      },
    ],
    raw: (c) =>
      c.query(
        `SELECT t.id, t.attendee_name, coalesce(tt.name, 'Admission') AS type, b.reference,
                b.contact_snapshot_email, c.created_at AS checked_in_at
         FROM tickets t JOIN bookings b ON b.id = t.booking_id LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
         LEFT JOIN check_ins c ON c.ticket_id = t.id AND c.result = 'admitted' AND c.undone_at IS NULL
         WHERE t.event_id = $1 AND b.status IN ('pending', 'confirmed') ORDER BY b.reference, t.id`,
        [doorEventId],
      ),
  },
]
const scenarios = allScenarios.filter(
  ({ name }) => !ONLY || ONLY.some((only) => name.startsWith(only)),
)

/**
 * The claim and the booking with its lines and tickets, as the booking operation writes them,
 * without Payload around them (the tickets' codes are random: nobody scans these).
 */
async function rawBooking(
  client: pg.PoolClient,
  eventId: string,
  lines: { quantity: number; type?: string }[],
) {
  const user = randomOf(users)
  const seats = lines.reduce((sum, line) => sum + line.quantity, 0)
  const typed = lines.filter((line) => line.type)
  await client.query('BEGIN')
  try {
    const { rows } = await client.query<{ price: string; currency: string }>(
      `UPDATE events SET seats_booked = seats_booked + $2 WHERE id = $1 AND seats_booked + $2 <= capacity
       RETURNING price, currency`,
      [eventId, seats],
    )
    const event = rows[0]
    if (!event) throw new Error('sold out')
    const prices = new Map<string | undefined, number>([[undefined, Number(event.price)]])
    if (typed.length > 0) {
      const { rows: types } = await client.query<{ id: string; price: string }>(
        `UPDATE ticket_types t SET seats_booked = t.seats_booked + q.quantity
         FROM unnest($1::uuid[], $2::int[]) AS q(id, quantity)
         WHERE t.id = q.id AND (t.capacity IS NULL OR t.seats_booked + q.quantity <= t.capacity)
         RETURNING t.id, t.price`,
        [typed.map((line) => line.type), typed.map((line) => line.quantity)],
      )
      if (types.length !== typed.length) throw new Error('sold out')
      for (const type of types) prices.set(type.id, Number(type.price))
    }
    const total = lines.reduce((sum, line) => sum + line.quantity * (prices.get(line.type) ?? 0), 0)
    const { rows: booked } = await client.query<{ id: string }>(
      `INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price, expires_at, reference)
       VALUES ($1, $2, $3, CASE WHEN $4::numeric > 0 THEN 'pending' ELSE 'confirmed' END::enum_bookings_status,
               $5, $6, $4, CASE WHEN $4::numeric > 0 THEN now() + interval '15 minutes' END, $7)
       RETURNING id`,
      [
        eventId,
        user.id,
        seats,
        total,
        lines.length === 1 ? prices.get(lines[0]?.type) : null,
        event.currency,
        readableCode(8),
      ],
    )
    const bookingId = booked[0]?.id
    await client.query(
      `INSERT INTO bookings_lines (_order, _parent_id, id, ticket_type_id, name, quantity, unit_price)
       SELECT l.n, $1, substr(md5(random()::text), 1, 24), l.type, coalesce(t.name, 'Admission'), l.quantity, l.price
       FROM unnest($2::uuid[], $3::int[], $4::numeric[]) WITH ORDINALITY AS l(type, quantity, price, n)
       LEFT JOIN ticket_types t ON t.id = l.type`,
      [
        bookingId,
        lines.map((line) => line.type ?? null),
        lines.map((line) => line.quantity),
        lines.map((line) => prices.get(line.type) ?? 0),
      ],
    )
    await client.query(
      `INSERT INTO tickets (booking_id, event_id, ticket_type_id, version, code_hash)
       SELECT $1, $2, s.type, 1, encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex')
       FROM unnest($3::uuid[]) AS s(type)`,
      [
        bookingId,
        eventId,
        lines.flatMap((line) => Array.from({ length: line.quantity }, () => line.type ?? null)),
      ],
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}

/** One admission as the check-in statement records it: find the ticket by its code's hash, insert. */
let rawScans = 0
async function rawScan(client: pg.PoolClient) {
  const code = doorCodes[rawScans++ % doorCodes.length] ?? ''
  const { rowCount } = await client.query(
    `INSERT INTO check_ins (event_id, ticket_id, ticket_type_id, booking_id, result, scanned_by_id)
     SELECT t.event_id, t.id, t.ticket_type_id, t.booking_id, 'admitted', $3
     FROM tickets t WHERE t.code_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') AND t.event_id = $2
     ON CONFLICT (ticket_id) WHERE result = 'admitted' AND undone_at IS NULL DO NOTHING`,
    [code, doorEventId, admin.id],
  )
  if (rowCount !== 1) throw new Error('refused')
}

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
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    requests: latencies.length,
    rps: round(latencies.length / DURATION),
  }
}

type Row = {
  connections: number
  /** CPU ms per request of this app's server and of PostgreSQL during the `ours` run. */
  cpu?: { postgres: number; server: number }
  ours: LoadResult
  plain?: LoadResult
  raw: LoadResult
  scenario: string
}
const rows: Row[] = []
const statements: Record<string, StatementCounts> = {}

log('counting SQL statements per request (in-process, through the same route handlers)')
const counted = await countStatements(database.url, scenarios)
Object.assign(statements, counted)

for (const scenario of scenarios) {
  const { order, reset = async () => undefined } = scenario
  for (const variant of ['ours', 'plain'] as const) {
    const variants = scenario[variant]
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
      variants: scenario.ours,
    })
    const cpu = cpuPerRequest(cpuBefore, sampleCpu(servers.ours.pid), ours.requests)
    await reset()
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
    rawScans = 0
    const raw = await runRaw(scenario.raw, connections)
    rows.push({ connections, cpu, ours, plain, raw, scenario: scenario.name })
    log(
      `${scenario.name} @${connections}: ours ${ours.rps.toFixed(0)} rps p95 ${ours.p95} ms, plain ${plain ? `${plain.rps.toFixed(0)} rps p95 ${plain.p95} ms` : 'n/a'}, raw ${raw.rps.toFixed(0)} rps`,
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
const header = [
  `# Benchmark ${new Date().toISOString()}`,
  '',
  `${os.cpus().length} cores (${cpuModel}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${DURATION} s per run; one Next.js production server per variant on the same PostgreSQL; autocannon in a separate process. p95 is interpolated from autocannon's p90 and p97.5. Latencies in ms. CPU: milliseconds of CPU per request of this app's server process group and of all PostgreSQL processes during its run (from /proc), what bounds throughput on a small machine.`,
  '',
  '| scenario | conns | ours p50 / p95 / p99 | ours rps | plain p50 / p95 / p99 | plain rps | raw SQL p50 / p95 | raw rps | ours vs plain (rps) | errors ours / plain | SQL statements ours / plain | CPU ms/request server / PostgreSQL |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
]
const lines = rows.map(({ connections, cpu, ours, plain, raw, scenario }) => {
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
  return `| ${scenario} | ${connections} | ${ours.p50} / ${ours.p95} / ${ours.p99} | ${ours.rps.toFixed(0)} | ${plainLatency} | ${plainRps} | ${raw.p50} / ${raw.p95} | ${raw.rps.toFixed(0)} | ${versus} | ${ours.errors} / ${plainErrors} | ${statementCells} | ${cpu ? `${cpu.server.toFixed(2)} / ${cpu.postgres.toFixed(2)}` : '-'} |`
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
const stamp = new Date().toISOString().replace(/[:.]/g, '-')
fs.writeFileSync(
  path.join(resultsDir, `bench-${stamp}.json`),
  JSON.stringify(
    {
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
