/**
 * What `dev`, `start` and the Payload CLI wrapper share: load `.env`, make sure there is a secret,
 * and provide a database (an embedded PostgreSQL when DATABASE_URL is unset).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { pruneWal } from './backup/retention'
import { nodeArgs, tsxCli } from './nodeFlags'
import { type RunningPostgres, startEmbeddedPostgres, walArchiveDirOf } from './embeddedPostgres'
import { clusterDirOf } from './postgres/processes'

export const rootDir = path.resolve(import.meta.dirname, '..', '..')
/** Local data: the embedded cluster, its WAL archive, backups, the generated secret. */
export const dataDir = process.env.EVENTS_CMS_DATA_DIR
  ? path.resolve(process.env.EVENTS_CMS_DATA_DIR)
  : path.join(rootDir, '.data')

export const loadEnv = (): void => {
  const envFile = path.join(rootDir, '.env')
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile)
  process.env.PAYLOAD_CONFIG_PATH ??= path.join(rootDir, 'payload.config.ts')
}

/** A newcomer has no .env: generate a secret once and keep it with the local data. */
export const ensureSecret = (): void => {
  if (process.env.PAYLOAD_SECRET) return
  const secretFile = path.join(dataDir, 'payload-secret')
  if (!fs.existsSync(secretFile)) {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 })
  }
  process.env.PAYLOAD_SECRET = fs.readFileSync(secretFile, 'utf8').trim()
}

export const log = (message: string): void => {
  console.log(`[events-cms] ${message}`)
}

/** Called when the supervised PostgreSQL cannot be restarted (the app server exits then). */
let onDatabaseGiveUp: (error: Error) => void = () => process.exit(1)

/**
 * Uses DATABASE_URL when set; otherwise the persistent embedded PostgreSQL in .data/pg: started by
 * the first process that needs it (which then supervises it), shared by any other.
 */
export const ensureDatabase = async (): Promise<RunningPostgres | undefined> => {
  if (process.env.DATABASE_URL) {
    log('Using the PostgreSQL server in DATABASE_URL')
    return undefined
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54320)
  const started = Date.now()
  const server = await startEmbeddedPostgres({
    // Continuous WAL archiving (point-in-time recovery) unless WAL_ARCHIVE=off.
    archive:
      process.env.WAL_ARCHIVE === 'off'
        ? undefined
        : { timeoutSeconds: Number(process.env.WAL_ARCHIVE_TIMEOUT_SECONDS ?? 300) },
    database: 'payload_events_cms',
    dataDir: path.join(dataDir, 'pg'),
    log: process.env.EMBEDDED_PG_LOG ? (line) => console.log(`[postgres] ${line}`) : undefined,
    notice: log,
    onGiveUp: (error) => onDatabaseGiveUp(error),
    persistent: true,
    port,
  })
  process.env.DATABASE_URL = server.url
  log(
    `Embedded PostgreSQL ready on 127.0.0.1:${server.port} in ${Date.now() - started} ms (data: ${server.dataDir})`,
  )
  return server
}

/** What a script that reads the app's data says when there is none. */
export const NO_DATABASE =
  'no database yet: run `npm run dev` or `npm run seed` first (or set DATABASE_URL to a migrated database)'

/**
 * The app's database for a script that only reads or copies it (audit:verify, backup): started
 * like ensureDatabase, but never created. When there is no cluster yet, it cannot be reached or
 * has no migrations applied, it stops whatever it started and answers what is missing.
 */
export const existingDatabase = async (): Promise<
  { server: RunningPostgres | undefined; url: string } | { missing: string }
> => {
  if (
    !process.env.DATABASE_URL &&
    !fs.existsSync(path.join(clusterDirOf(path.join(dataDir, 'pg')), 'PG_VERSION'))
  ) {
    return { missing: NO_DATABASE }
  }
  const server = await ensureDatabase()
  const url = String(process.env.DATABASE_URL)
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  const missing = await client
    .connect()
    .then(() =>
      client.query<{ table: string | null }>(`SELECT to_regclass('payload_migrations') AS table`),
    )
    .then(
      ({ rows }) => (rows[0]?.table ? undefined : NO_DATABASE),
      (error: Error) => `cannot reach the database (${error.message})`,
    )
    .finally(() => client.end().catch(() => undefined))
  if (!missing) return { server, url }
  await server?.stop()
  return { missing }
}

export const runNode = (args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess =>
  spawn(process.execPath, nodeArgs(args), { cwd: rootDir, env, stdio: 'inherit' })

/** Makes a child (and its children) exit when its parent dies, even by kill -9: scripts/lib/exitWithParent.cjs. */
export const exitWithParent = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...env,
  NODE_OPTIONS:
    `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(path.join(import.meta.dirname, 'exitWithParent.cjs'))}`.trim(),
})

export const waitForExit = (child: ChildProcess): Promise<number> =>
  new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })

export const payloadBin = path.join(rootDir, 'node_modules', 'payload', 'bin.js')
export const nextBin = path.join(rootDir, 'node_modules', 'next', 'dist', 'bin', 'next')

export { tsxCli }

/** `next start` with the method check it cannot make: scripts/lib/productionServer.mjs. */
export const productionServer = path.join(import.meta.dirname, 'productionServer.mjs')

/** The Next.js server: `next dev`, or the production server on the build. */
const serverCommand = (mode: 'dev' | 'start', port: string): string[] =>
  mode === 'dev' ? [nextBin, 'dev', '--port', port] : [productionServer]

/** Applies pending migrations (never `push`) in a child process: scripts/migrate.ts. */
export const migrate = async (): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    const code = await waitForExit(runNode([tsxCli, path.join(rootDir, 'scripts', 'migrate.ts')]))
    if (code === 0) return
    // Exit 13 before anything ran: Node 20 gave up on the tsx loader's top-level await (seen now
    // and then on a cold cache). Nothing was migrated, so running it again is safe.
    if (code !== 13 || attempt === 3) throw new Error(`Migrations failed with exit code ${code}`)
    log(`Migrations exited with code 13 before they started; trying again (${attempt + 1} of 3)`)
  }
}

/**
 * Runs a long-lived child (the Next.js server) with the database beside it. Ctrl-C or SIGTERM stops
 * the child first and PostgreSQL after it, so no request is cut off mid-transaction.
 */
/** How long Next.js may take to finish open requests after SIGTERM/SIGINT. */
const STOP_GRACE_MS = 20_000

export const serveWith = async (
  child: ChildProcess,
  database: RunningPostgres | undefined,
): Promise<never> => {
  let stopping = false
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping`)
    if (child.exitCode !== null) return
    child.kill(signal)
    // Next.js waits for open requests to finish; a stuck one must not keep PostgreSQL up forever.
    setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return
      log(`Next.js did not stop within ${STOP_GRACE_MS / 1000} s: killing it`)
      child.kill('SIGKILL')
    }, STOP_GRACE_MS).unref()
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  // PostgreSQL could not be brought back: exit non-zero so that a process manager restarts us.
  onDatabaseGiveUp = () => {
    stopping = true
    process.exitCode = 1
    if (child.exitCode === null) child.kill('SIGTERM')
  }
  const code = await waitForExit(child)
  if (database) {
    log('Stopping PostgreSQL')
    await database.stop()
  }
  process.exit(process.exitCode ? Number(process.exitCode) : stopping ? 0 : code)
}

export const backupsDir = (): string =>
  path.resolve(process.env.BACKUP_DIR ?? path.join(dataDir, 'backups'))

/** The archive grows with every change: the app server drops what no backup needs, hourly. */
const pruneWalHourly = (database: RunningPostgres) => {
  const prune = () => {
    if (database.role() !== 'owner') return
    const keepDays = Number(process.env.WAL_ARCHIVE_KEEP_DAYS ?? 7)
    const { bytes, files } = pruneWal(backupsDir(), walArchiveDirOf(database.dataDir), keepDays)
    if (files) log(`WAL archive: removed ${files} segment(s) no backup needs (${bytes} bytes)`)
  }
  setInterval(prune, 3_600_000).unref()
}

/**
 * `npm run dev` / `npm start`: .env, secret, database (embedded unless DATABASE_URL), pending
 * migrations, then the Next.js server until Ctrl-C or SIGTERM.
 */
export const runApp = async (mode: 'dev' | 'start'): Promise<never> => {
  loadEnv()
  ensureSecret()
  // next start and Payload's prodMigrations both key off NODE_ENV.
  if (mode === 'start') Object.assign(process.env, { NODE_ENV: 'production' })
  const database = await ensureDatabase()
  try {
    await migrate()
  } catch (error) {
    await database?.stop()
    throw error
  }
  if (database) pruneWalHourly(database)
  const port = process.env.PORT ?? '3000'
  log(`Starting Next.js (${mode}) on http://localhost:${port}/admin`)
  return serveWith(
    runNode(serverCommand(mode, port), exitWithParent({ ...process.env, PORT: port })),
    database,
  )
}
