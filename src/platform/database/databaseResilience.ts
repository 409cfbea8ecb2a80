import type { Config, Payload } from 'payload'

import { databaseFault } from './databaseFaults'
import { databaseReachable } from './databaseReachable'
import { reportSignInUnchecked } from '../requests/requestFaults'
import {
  appendAuthStrategy,
  poolOptionsOf,
  postgresAdapterOf,
  replicatedDrizzleOf,
  setPoolOptionsOf,
} from '../../utilities/payloadInternals'

/** How long the app waits for PostgreSQL before giving up on a request (then a 503). */
export type DatabaseTimeouts = {
  /** Waiting for a pooled connection (or a new one), in ms. */
  connectTimeoutMs: number
  /** A transaction left idle while open is ended by the server after this many ms. */
  idleInTransactionTimeoutMs: number
  /** Waiting for one row or table lock (a held event row, say), in ms. */
  lockTimeoutMs: number
  /** One SQL statement, in ms. */
  statementTimeoutMs: number
}

/**
 * `transaction`: the pool connects through a pooler in transaction mode (PgBouncer): no named
 * prepared statements, and no settings in the connection's startup packet (PgBouncer refuses
 * them); give the role its timeouts instead (docs/scaling.md).
 */
export type DatabaseOption = Partial<DatabaseTimeouts> & { pooler?: 'transaction' }

export const defaultTimeouts: DatabaseTimeouts = {
  connectTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 30_000,
  lockTimeoutMs: 3_000,
  statementTimeoutMs: 15_000,
}

/** The defaults with the app's values (whole milliseconds; 0 turns a timeout off). */
export const resolveTimeouts = ({
  pooler: _pooler,
  ...option
}: DatabaseOption = {}): DatabaseTimeouts => {
  const resolved = { ...defaultTimeouts }
  for (const [name, value] of Object.entries(option) as [keyof DatabaseTimeouts, unknown][]) {
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new Error(
        `payload-events-cms: database.${name} must be a whole number of milliseconds (got ${String(value)})`,
      )
    }
    resolved[name] = value
  }
  return resolved
}

/**
 * Gives the adapter's connection pool the timeouts wherever the app's own pool config leaves them
 * unset, so that a held lock, a runaway statement or an unreachable server costs a request a few
 * seconds and a 503, never a hang that ties up the pool. Read replicas inherit the pool config.
 */
export const withPoolTimeouts = (
  db: Config['db'],
  timeouts: DatabaseTimeouts,
  { pooler }: { pooler?: 'transaction' } = {},
): Config['db'] => ({
  ...db,
  init: (args) => {
    const adapter = db.init(args)
    setPoolOptionsOf(adapter, {
      connectionTimeoutMillis: timeouts.connectTimeoutMs,
      // Sent in the startup packet, which a pooler in transaction mode refuses.
      ...(pooler === 'transaction'
        ? {}
        : {
            idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
            lock_timeout: timeouts.lockTimeoutMs,
            statement_timeout: timeouts.statementTimeoutMs,
          }),
      ...poolOptionsOf(adapter),
    })
    return adapter
  },
})

/** One line per outage (not one per dropped connection), at most every this many ms. */
const REPORT_EVERY_MS = 10_000

/**
 * A pooled connection that breaks while idle (PostgreSQL or a read replica restarted or killed)
 * makes the pool emit `error`; with no listener that is an uncaught exception. Say it once,
 * clearly: the pool opens new connections by itself once the server is back, and requests
 * meanwhile get a 503.
 */
type ClientLike = { on: (event: 'error', listener: (error: Error) => void) => unknown }
type PoolLike = {
  on: ((event: 'error', listener: (error: Error) => void) => unknown) &
    ((event: 'connect', listener: (client: ClientLike) => void) => unknown)
}

/** The adapter's pool and its read replicas' pools (drizzle keeps each as `$client`). */
export const poolsOf = (payload: Pick<Payload, 'db'>): { name: string; pool: PoolLike }[] => {
  const { pool } = postgresAdapterOf(payload) as { pool?: PoolLike }
  const replicas = (replicatedDrizzleOf(payload)?.$replicas ?? []).flatMap(({ $client }, i) =>
    $client ? [{ name: `read replica ${i + 1}`, pool: $client as PoolLike }] : [],
  )
  return [...(pool ? [{ name: 'PostgreSQL', pool }] : []), ...replicas]
}

export const watchPool = (payload: Payload): void => {
  for (const { name, pool } of poolsOf(payload)) {
    let reported = 0
    const report = (error: Error) => {
      if (Date.now() - reported < REPORT_EVERY_MS) return
      reported = Date.now()
      payload.logger.error(
        `${name}: connection lost (${error.message}); requests that need it get 503 until it is back`,
      )
    }
    pool.on('error', report)
    // pg-pool listens for errors of idle clients only: a checked-out client whose connection
    // drops between two statements (a transaction waiting on the app) would emit an error no one
    // hears, and Node would end the process. Every client gets a listener of its own; the query
    // in flight still fails with the error.
    pool.on('connect', (client) => {
      client.on('error', report)
    })
    // ...and so do those connected before this ran (start-up's own queries).
    for (const client of (pool as { _clients?: ClientLike[] })._clients ?? []) {
      client.on('error', report)
    }
  }
}

/**
 * Payload's JWT strategy treats a token it could not check (the database is down) as no token, so a
 * signed-in client would be told to log in (401) or be refused (403). This strategy runs after all
 * others and only when none found a user: if the request carried credentials and the database does
 * not answer, the route wrapper answers 503 instead (src/platform/requests/guardRequest.ts).
 */
export const checkSignInOutages = (payload: Payload): void => {
  const cookie = `${payload.config.cookiePrefix}-token=`
  appendAuthStrategy(payload, {
    name: 'events-cms-outage-check',
    authenticate: async ({ headers }) => {
      const credentials =
        headers.has('authorization') || (headers.get('cookie') ?? '').includes(cookie)
      if (credentials && !(await databaseReachable(payload))) reportSignInUnchecked()
      return { user: null }
    },
  })
}

/** The driver's own words under drizzle's "Failed query: ..." wrapper. */
const innermostMessage = (error: unknown): string => {
  let message = ''
  for (let current = error, hops = 0; current && hops < 5; hops++) {
    const { cause, message: own } = current as { cause?: unknown; message?: unknown }
    if (typeof own === 'string' && own) message = own
    current = cause
  }
  return message
}

/**
 * Payload logs every failed request's error with its stack before the error hook turns a database
 * fault into a 503. During an outage that is hundreds of stacks a second saying the same thing:
 * log one warning line per kind of fault instead, at most every 5 s, with how many it stands for.
 */
export const quietDatabaseFaults = (payload: Payload): void => {
  const logger = payload.logger
  const error = logger.error.bind(logger)
  const last = new Map<string, { at: number; count: number }>()
  logger.error = ((object: unknown, ...rest: unknown[]) => {
    const err = object && typeof object === 'object' && 'err' in object ? object.err : undefined
    const fault = err ? databaseFault(err) : undefined
    if (!fault) return (error as (...args: unknown[]) => void)(object, ...rest)
    const seen = last.get(fault.message) ?? { at: 0, count: 0 }
    seen.count += 1
    if (Date.now() - seen.at >= 5000) {
      const cause = innermostMessage(err).split('\n')[0]?.slice(0, 200)
      logger.warn(
        `${fault.message} Answered 503 (${seen.count} request(s) since the last line): ${cause}`,
      )
      seen.at = Date.now()
      seen.count = 0
    }
    last.set(fault.message, seen)
  }) as typeof logger.error
}
