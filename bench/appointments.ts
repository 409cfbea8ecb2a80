/**
 * `npm run bench:appointments`: the free-slot search for one service over 14 days at a venue with
 * 50 resources and 20,000 appointments, as one SQL statement (freeSlotsSql, through the plugin's
 * `availability`) against the same answer from Payload's `find` plus code (resources, opening
 * hours, closures and appointments read with the Local API, the slots worked out in JavaScript;
 * both answers are compared); then 500 appointment requests at once on 10 resources through
 * Payload's create (the booking's own path: row locks, the exclusion constraint), counting
 * appointments, 409s, errors and overlaps. Uses the bench database (its own venue, created once).
 * BENCH_RUNS (default 100). Figures, not assertions.
 */
import { performance } from 'node:perf_hooks'

import { createLocalReq, getPayload, type Payload, type PayloadRequest } from 'payload'

import { slugs } from 'payload-events-cms'
import { availability, createAppointment, weekDays } from 'payload-events-cms/collections'
import { zonedInstant } from 'payload-events-cms/site'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { commandLine } from '../scripts/lib/cli'
import { loadEnv } from '../scripts/lib/runtime'
import { BENCH_SECRET, migrateBenchDatabase, startBenchDatabase } from './lib/benchDatabase'

commandLine(`
Usage: npm run bench:appointments

Free-slot search (14 days, 50 resources, 20,000 appointments) in one statement against Payload's
find plus code, and 500 concurrent appointment requests on 10 resources. BENCH_RUNS.
`)

loadEnv()
process.env.PAYLOAD_SECRET = BENCH_SECRET
const RUNS = Number(process.env.BENCH_RUNS ?? 100)
const ONLY_SEARCH = process.env.BENCH_ONLY_SEARCH === '1'
const VENUE_SLUG = 'bench-appointments-4'
const HOT_VENUE_SLUG = 'bench-appointments-hot'
const DAY = 86_400_000
const MINUTE = 60_000

const database = await startBenchDatabase()
await migrateBenchDatabase(database.url)
const payload = await getPayload({ config: await buildAppConfig({ databaseUrl: database.url }) })
const execute = async <Row>(text: string, values: unknown[] = []) =>
  (await payload.db.pool.query(text, values)).rows as Row[]

/** A venue open 08:00-20:00 every day in Berlin, a service, `resources` rooms that can do it. */
const ensureVenue = async (slug: string, resources: number, appointments: number) => {
  const found = await payload.find({ collection: slugs.venues, where: { slug: { equals: slug } } })
  const existing = found.docs[0]
  if (existing) {
    const service = await payload.find({
      collection: slugs.services,
      where: { name: { equals: `Bench service ${slug}` } },
    })
    const ids = { service: service.docs[0]?.id ?? '', venue: existing.id }
    await seedAppointments(ids, resources, appointments)
    return ids
  }
  const venue = await payload.create({
    collection: slugs.venues,
    data: {
      capacity: 100,
      name: slug,
      openingHours: weekDays.map((day) => ({ closes: '20:00', day, opens: '08:00' })),
      slug,
      timeZone: 'Europe/Berlin',
    },
  })
  const service = await payload.create({
    collection: slugs.services,
    data: {
      bufferAfterMinutes: 15,
      bufferBeforeMinutes: 0,
      currency: 'EUR',
      durationMinutes: 60,
      maxGuests: 10,
      minGuests: 1,
      name: `Bench service ${slug}`,
      price: 0,
      pricing: 'per_appointment',
      published: true,
    },
  })
  for (let index = 0; index < resources; index++) {
    await payload.create({
      collection: slugs.resources,
      data: {
        kind: 'bay',
        name: `Bay ${index + 1}`,
        services: [service.id],
        sortOrder: index,
        venue: venue.id,
      },
    })
  }
  const ids = { service: service.id, venue: venue.id }
  await seedAppointments(ids, resources, appointments)
  return ids
}

/** Four appointments a day per resource (every 3 hours from 08:00 Berlin), from tomorrow on. */
const seedAppointments = async (
  { service, venue }: { service: number | string; venue: number | string },
  resources: number,
  appointments: number,
) => {
  const [present] = await execute<{ n: string }>(
    'SELECT count(*) AS n FROM appointments WHERE venue_id = $1',
    [venue],
  )
  if (appointments === 0 || Number(present?.n) >= appointments) return
  await execute('DELETE FROM appointments WHERE venue_id = $1', [venue])
  await execute(
    `INSERT INTO appointments (reference, service_id, resource_id, venue_id, customer_id, start,
       "end", blocked_from, blocked_until, guests, status, unit_price, total_price, currency)
     SELECT translate(lpad(to_hex(((abs(hashtext($2::text)) % 4096)::bigint << 20) + n), 8, '0'),
         '0123456789abcdef', 'ABCDEFGHJKMNPQRS'),
       $1, r.id, $2, NULL, s, s + interval '60 minutes', s, s + interval '75 minutes', 1,
       'confirmed', 0, 0, 'EUR'
     FROM (SELECT id, row_number() OVER (ORDER BY sort_order) - 1 AS i FROM resources
           WHERE venue_id = $2) r,
       LATERAL (SELECT ((current_date + 1 + (k / 4))::timestamp + interval '8 hours'
           + (k % 4) * interval '3 hours') AT TIME ZONE 'Europe/Berlin' AS s,
           r.i * 1000 + k AS n
         FROM generate_series(0, $3::int / $4::int - 1) k) slots`,
    [service, venue, appointments, resources],
  )
}

type Answer = { resources: string[]; start: string }[]

/** The same answer through the Local API's find plus code. */
const throughFind = async (
  req: PayloadRequest,
  args: { from: string; service: number | string; to: string; venue: number | string },
): Promise<Answer> => {
  const venue = await payload.findByID({ collection: slugs.venues, id: args.venue, req })
  const service = await payload.findByID({ collection: slugs.services, id: args.service, req })
  const { docs: resources } = await payload.find({
    collection: slugs.resources,
    depth: 0,
    pagination: false,
    req,
    sort: 'sortOrder',
    where: {
      and: [
        { venue: { equals: args.venue } },
        { active: { equals: true } },
        { services: { contains: args.service } },
      ],
    },
  })
  const from = Date.parse(`${args.from}T00:00:00Z`) - DAY
  const to = Date.parse(`${args.to}T00:00:00Z`) + 2 * DAY
  const ids = resources.map(({ id }) => id)
  const { docs: taken } = await payload.find({
    collection: slugs.appointments,
    depth: 0,
    pagination: false,
    req,
    select: {
      blockedFrom: true,
      blockedUntil: true,
      expiresAt: true,
      resource: true,
      status: true,
    },
    where: {
      and: [
        { resource: { in: ids } },
        { blockedUntil: { greater_than: new Date(from).toISOString() } },
        { blockedFrom: { less_than: new Date(to).toISOString() } },
        { status: { in: ['pending', 'confirmed', 'completed', 'no_show'] } },
      ],
    },
  })
  const { docs: closures } = await payload.find({
    collection: slugs.closures,
    depth: 0,
    pagination: false,
    req,
    where: { venue: { equals: args.venue } },
  })
  const busy = new Map<string, [number, number][]>()
  for (const appointment of taken) {
    if (appointment.status === 'pending' && Date.parse(appointment.expiresAt ?? '') <= Date.now())
      continue
    const key = String(appointment.resource)
    const list = busy.get(key) ?? []
    list.push([
      Date.parse(appointment.blockedFrom ?? ''),
      Date.parse(appointment.blockedUntil ?? ''),
    ])
    busy.set(key, list)
  }
  const length = service.durationMinutes * MINUTE
  const before = service.bufferBeforeMinutes * MINUTE
  const after = service.bufferAfterMinutes * MINUTE
  const timeZone = venue.timeZone ?? 'UTC'
  const answer: Answer = []
  for (
    let day = Date.parse(`${args.from}T00:00:00Z`);
    day <= Date.parse(`${args.to}T00:00:00Z`);
    day += DAY
  ) {
    const date = new Date(day).toISOString().slice(0, 10)
    const weekDay = weekDays[(new Date(day).getUTCDay() + 6) % 7]
    for (const hours of venue.openingHours ?? []) {
      if (hours.day !== weekDay) continue
      const open = zonedInstant(date, hours.opens, timeZone)
      const close = zonedInstant(date, hours.closes, timeZone)
      for (let start = open; start + length <= close; start += 15 * MINUTE) {
        if (start <= Date.now()) continue
        const free = resources
          .filter(({ id }) => {
            const closed = closures.some(
              (closure) =>
                (!closure.resource || String(closure.resource) === String(id)) &&
                Date.parse(closure.startsAt) < start + length &&
                Date.parse(closure.endsAt) > start,
            )
            const overlapping = (busy.get(String(id)) ?? []).some(
              ([a, b]) => a < start + length + after && b > start - before,
            )
            return !closed && !overlapping
          })
          .map(({ id }) => String(id))
        if (free.length > 0) answer.push({ resources: free, start: new Date(start).toISOString() })
      }
    }
  }
  return answer.sort((a, b) => a.start.localeCompare(b.start))
}

const timed = async (run: () => Promise<unknown>) => {
  for (let index = 0; index < Math.max(5, RUNS / 10); index++) await run()
  const times: number[] = []
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
  return { p50: at(0.5).toFixed(2), p95: at(0.95).toFixed(2) }
}

const searchFigures = async () => {
  const { service, venue } = await ensureVenue(VENUE_SLUG, 50, 20_000)
  const [counts] = await execute<{ appointments: string }>(
    'SELECT count(*) AS appointments FROM appointments WHERE venue_id = $1',
    [venue],
  )
  const req = await createLocalReq({}, payload)
  const from = new Date(Date.now() + DAY).toISOString().slice(0, 10)
  const to = new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10)
  const args = { from, service, to, venue }
  const ours = await availability(req, { ...args, detail: 'resources' })
  const theirs = await throughFind(req, args)
  const same =
    JSON.stringify(ours.slots.map(({ resources, start }) => ({ resources, start }))) ===
    JSON.stringify(theirs)
  console.log(
    `free-slot search, 14 days, 50 resources, ${counts?.appointments} appointments at the venue: ` +
      `${ours.slots.length} starts; answers equal: ${same ? 'yes' : 'NO'}`,
  )
  const any = await timed(() => availability(req, args))
  const detail = await timed(() => availability(req, { ...args, detail: 'resources' }))
  const find = await timed(() => throughFind(req, args))
  console.log(`  any resource (availability):        p50 ${any.p50} ms, p95 ${any.p95} ms`)
  console.log(`  each start's resources (detail):    p50 ${detail.p50} ms, p95 ${detail.p95} ms`)
  console.log(`  Payload find + code (resources):    p50 ${find.p50} ms, p95 ${find.p95} ms`)
  console.log(
    `  ratio (p50): ${(Number(find.p50) / Number(any.p50)).toFixed(1)}x any, ${(Number(find.p50) / Number(detail.p50)).toFixed(1)}x detail`,
  )
}

const concurrentFigures = async (payloadApp: Payload) => {
  const { service, venue } = await ensureVenue(HOT_VENUE_SLUG, 10, 0)
  await execute('DELETE FROM appointments WHERE venue_id = $1', [venue])
  const users = await payloadApp.find({ collection: slugs.users, depth: 0, limit: 50 })
  const day = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10)
  const base = zonedInstant(day, '08:00', 'Europe/Berlin')
  const requests = Array.from({ length: 500 }, (_, index) => ({
    start: new Date(base + (index % 40) * 15 * MINUTE).toISOString(),
    user: users.docs[index % users.docs.length],
  }))
  const started = performance.now()
  const outcomes = await Promise.all(
    requests.map(async ({ start, user }) => {
      try {
        const req = await createLocalReq(
          { user: user ? { ...user, collection: slugs.users } : undefined },
          payloadApp,
        )
        await createAppointment(req, { service, start, venue }, 0)
        return 'created'
      } catch (error) {
        const status = (error as { status?: number }).status
        return status === 409 ? '409' : `error ${status ?? (error as Error).message}`
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const tally = new Map<string, number>()
  for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1)
  const [overlaps] = await execute<{ n: string }>(
    `SELECT count(*) AS n FROM appointments a JOIN appointments b ON a.resource_id = b.resource_id
       AND a.id < b.id AND a.during && b.during
     WHERE a.venue_id = $1 AND a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed')`,
    [venue],
  )
  console.log(
    `500 appointment requests at once on 10 resources (40 starts, the create endpoint's path): ${seconds.toFixed(1)} s, ` +
      `${(500 / seconds).toFixed(0)} requests/s; ${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
      `overlapping pairs: ${overlaps?.n}`,
  )
}

try {
  await searchFigures()
  if (!ONLY_SEARCH) await concurrentFigures(payload)
} finally {
  await closePayload(payload)
  await database.stop()
}
