/**
 * `npm run bench:faults`: figures for the operations issue, on the bench dataset (`npm run build`
 * and `npm run bench:seed` first). Prints, does not assert.
 *
 * 1. Bookings while a flood of heavy anonymous reads (`GET /api/events?limit=100&depth=2`, 300
 *    connections) hits the same production server: without the read lane and with 16, 4 (the default)
 *    and 2 reads at once (500 waiting), booking p50/p95/throughput side by side.
 * 2. `npm run backup`'s and `npm run restore`'s work on the bench cluster (WAL archiving on):
 *    size, files, time, and the restore's time to the latest change.
 *
 * BENCH_DURATION (seconds per load run, default 10), BENCH_FLOOD (connections, default 300).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { createBackup } from '../scripts/lib/backup/createBackup'
import { restoreBackup } from '../scripts/lib/backup/restoreBackup'
import { startEmbeddedPostgres, walArchiveDirOf } from '../scripts/lib/embeddedPostgres'
import { archiveCurrentSegment } from '../scripts/lib/postgres/walArchive'
import { dataDir, loadEnv, rootDir, tsxCli } from '../scripts/lib/runtime'
import { BENCH_DATABASE, BENCH_PASSWORD, BENCH_SECRET, benchUserEmail } from './lib/benchDatabase'
import type { LoadResult } from './lib/load'
import { runLoad } from './lib/runLoad'
import { commandLine } from '../scripts/lib/cli'
import { nodeArgs } from '../scripts/lib/nodeFlags'

commandLine(`
Usage: npm run bench:faults

Bookings under a flood of anonymous reads, and backup/restore times, on the bench data
(\`npm run build\` and \`npm run bench:seed\` first). BENCH_DURATION, BENCH_FLOOD.
`)

loadEnv()
const SECRET = BENCH_SECRET
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const FLOOD = Number(process.env.BENCH_FLOOD ?? 300)
const PORT = 3203
const log = (message: string) => console.log(`[bench:faults] ${message}`)

if (!fs.existsSync(path.join(rootDir, '.next', 'BUILD_ID'))) {
  throw new Error('No production build: run `npm run build` first.')
}

// The bench cluster, with WAL archiving on (as `npm start` runs the app's own cluster).
const server = await startEmbeddedPostgres({
  archive: { timeoutSeconds: 300 },
  database: BENCH_DATABASE,
  dataDir: path.join(dataDir, 'bench-pg'),
  persistent: true,
  port: Number(process.env.BENCH_PG_PORT ?? 54330),
})
const pool = new pg.Pool({ connectionString: server.url, max: 4 })
pool.on('error', () => undefined)

const startApp = async (lane: { concurrency: number; queue: number }) => {
  const child = spawn(process.execPath, nodeArgs([tsxCli, 'scripts/start.ts']), {
    cwd: rootDir,
    detached: true,
    env: {
      ...process.env,
      ANONYMOUS_READS_CONCURRENCY: String(lane.concurrency),
      ANONYMOUS_READS_QUEUE: String(lane.queue),
      DATABASE_URL: server.url,
      NODE_ENV: 'production',
      PAYLOAD_SECRET: SECRET,
      PORT: String(PORT),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/health`)
      .then((response) => response.ok)
      .catch(() => false)
    if (ok) return child
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('the app did not start')
}

const stopApp = (child: ReturnType<typeof spawn>) =>
  new Promise<void>((resolve) => {
    if (!child.pid || child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    process.kill(-child.pid, 'SIGTERM')
  })

const origin = `http://127.0.0.1:${PORT}`
const bookingsUnderFlood = async (label: string, lane: { concurrency: number; queue: number }) => {
  const app = await startApp(lane)
  try {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await fetch(`${origin}/api/users/login`, {
          body: JSON.stringify({ email: benchUserEmail(i + 1), password: BENCH_PASSWORD }),
          headers: { 'content-type': 'application/json' },
          method: 'POST',
        })
        return String(((await response.json()) as { token?: string }).token)
      }),
    )
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM events WHERE status = 'published' AND start_date > now() + interval '1 day'
         AND capacity - seats_booked >= 200 ORDER BY random() LIMIT 200`,
    )
    const bookings = rows.flatMap(({ id }) =>
      tokens.map((token) => ({
        body: JSON.stringify({ event: id, seats: 1 }),
        headers: { authorization: `JWT ${token}`, 'content-type': 'application/json' },
        method: 'POST',
        path: '/api/bookings?depth=0',
      })),
    )
    const [flood, booked] = await Promise.all([
      runLoad({
        connections: FLOOD,
        durationSeconds: DURATION,
        origin,
        variants: [{ method: 'GET', path: '/api/events?limit=100&depth=2' }],
      }),
      runLoad({ connections: 10, durationSeconds: DURATION, origin, variants: bookings }),
    ])
    const row = (name: string, r: LoadResult) =>
      `| ${label} | ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.errors} |`
    return [row('bookings (10 conns)', booked), row(`anonymous reads (${FLOOD} conns)`, flood)]
  } finally {
    await stopApp(app)
  }
}

log(`bookings under ${FLOOD} connections of GET /api/events?limit=100&depth=2, ${DURATION} s each`)
const table = [
  '| read lane | traffic | rps | p50 ms | p95 ms | non-2xx / errors |',
  '| --- | --- | --- | --- | --- | --- |',
  ...(await bookingsUnderFlood('off', { concurrency: 100_000, queue: 100_000 })),
  ...(await bookingsUnderFlood('16 running, 500 waiting', { concurrency: 16, queue: 500 })),
  ...(await bookingsUnderFlood('4 running, 500 waiting', { concurrency: 4, queue: 500 })),
  ...(await bookingsUnderFlood('2 running, 500 waiting', { concurrency: 2, queue: 500 })),
]
console.log(table.join('\n'))

log('backup and restore of the bench cluster')
const { rows: sizes } = await pool.query<{ bytes: string }>(
  'SELECT pg_database_size(current_database()) AS bytes',
)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-faults-'))
fs.chmodSync(work, 0o755)
try {
  const taken = await createBackup({
    archiveDir: walArchiveDirOf(server.dataDir),
    backupsDir: path.join(work, 'backups'),
    dataDir: server.dataDir,
    log: () => undefined,
    mediaDir: path.join(work, 'no-media'),
    secretFile: undefined,
    superuserUrl: server.url,
  })
  await archiveCurrentSegment(server.url)
  const began = Date.now()
  const restored = await restoreBackup({
    archiveDirs: [walArchiveDirOf(server.dataDir)],
    backupDir: taken.dir,
    database: BENCH_DATABASE,
    into: path.join(work, 'restore'),
    log: () => undefined,
  })
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`
  console.log(
    [
      '| step | figure |',
      '| --- | --- |',
      `| database size | ${mib(Number(sizes[0]?.bytes))} |`,
      `| backup | ${taken.manifest.totals.files} files, ${mib(taken.manifest.totals.bytes)}, ${(taken.durationMs / 1000).toFixed(1)} s |`,
      `| restore to the latest change (checksums, copy, WAL replay, audit:verify of ${restored.audit.rows} rows) | ${((Date.now() - began) / 1000).toFixed(1)} s, chain ${restored.audit.ok ? 'intact' : 'BROKEN'} |`,
    ].join('\n'),
  )
} finally {
  fs.rmSync(work, { force: true, recursive: true })
  await pool.end()
  await server.stop()
}
