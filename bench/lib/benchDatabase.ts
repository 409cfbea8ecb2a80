/**
 * The benchmark dataset lives in its own persistent embedded PostgreSQL (`.data/bench-pg`, port
 * BENCH_PG_PORT or 54330), or in BENCH_DATABASE_URL, so `bench:seed` runs once and `bench` reuses it.
 * The smoke run (BENCH_SMOKE=1, `npm run bench:smoke`) has its own small one (`.data/bench-smoke-pg`,
 * port 54331), so it never touches the full dataset.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'

import { ticketCodeKeyFrom } from 'payload-events-cms/tickets'

import { type RunningPostgres, startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'
import { dataDir, migrate } from '../../scripts/lib/runtime'

export const BENCH_DATABASE = 'events_cms_bench'

/** Whether this is the CI smoke run of the benchmark (bench/smoke.ts). */
export const smoke = (): boolean => process.env.BENCH_SMOKE === '1'

export const benchDataDir = (): string =>
  path.join(dataDir, smoke() ? 'bench-smoke-pg' : 'bench-pg')

export type BenchDatabase = { server?: RunningPostgres; stop: () => Promise<void>; url: string }

export const startBenchDatabase = async (): Promise<BenchDatabase> => {
  const external = process.env.BENCH_DATABASE_URL
  if (external) return { stop: async () => undefined, url: external }
  const server = await startEmbeddedPostgres({
    database: BENCH_DATABASE,
    dataDir: benchDataDir(),
    persistent: true,
    port: Number(process.env.BENCH_PG_PORT ?? (smoke() ? 54331 : 54330)),
  })
  return { server, stop: () => server.stop(), url: server.url }
}

/** Applies the app's migrations to the bench database (scripts/migrate.ts, as dev and tests do). */
export const migrateBenchDatabase = async (url: string): Promise<void> => {
  const previous = process.env.DATABASE_URL
  process.env.DATABASE_URL = url
  try {
    await migrate()
  } finally {
    if (previous === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = previous
  }
}

/** Dataset sizes, each adjustable by environment variable. */
export const benchSizes = () => {
  const size = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback)
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`)
    return value
  }
  return {
    audit: size('BENCH_AUDIT', 1_000_000),
    bookings: size('BENCH_BOOKINGS', 100_000),
    events: size('BENCH_EVENTS', 10_000),
    media: size('BENCH_MEDIA', 5_000),
    pages: size('BENCH_PAGES', 200),
    users: size('BENCH_USERS', 1_000),
    venues: size('BENCH_VENUES', 500),
  }
}

/** Every bench user has this password (one PBKDF2 hash, copied). */
export const BENCH_PASSWORD = 'bench-password-123'
export const benchUserEmail = (n: number) => `user${n}@bench.test`
export const BENCH_ADMIN_EMAIL = 'admin@bench.test'
export const HOT_EVENT_SLUG = 'bench-hot-event'
export const TYPED_EVENT_SLUG = 'bench-typed-event'
export const DOOR_EVENT_SLUG = 'bench-door-event'
/** Tickets of the door event (check-in scans and the attendee list). */
export const DOOR_TICKETS = 5_000

/** Every bench script's PAYLOAD_SECRET. */
export const BENCH_SECRET = 'bench-secret-not-for-production'
/**
 * The key the bench servers make ticket codes with: Payload keeps sha256(secret) cut to 32 hex
 * characters as `payload.secret`, and the plugin derives its code key from that.
 */
export const benchTicketCodeKey = (): Buffer =>
  ticketCodeKeyFrom(createHash('sha256').update(BENCH_SECRET).digest('hex').slice(0, 32))
