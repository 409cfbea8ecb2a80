import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type {
  AuthStrategy,
  CollectionSlug,
  Endpoint,
  Payload,
  PayloadHandler,
  PayloadRequest,
} from 'payload'

/**
 * EVERY use of something Payload (or db-postgres) does not document as public goes through this
 * module. Each export names the shape it relies on; tests/payloadInternals.test.ts checks each one
 * on a running app and fails, naming it, when an upgrade changes it. On a Payload upgrade: run
 * that test, fix what it names here, then move PAYLOAD_VERSION_CHECKED.
 */
export const PAYLOAD_VERSION_CHECKED = '3.90.1'

/** db-postgres keeps each open transaction as `sessions[id]`: its drizzle handle and `resolve`, the commit. */
export type TransactionSession = { db: PostgresAdapter['drizzle']; resolve: () => Promise<unknown> }

export const postgresAdapterOf = (payload: Pick<Payload, 'db'>): PostgresAdapter =>
  payload.db as unknown as PostgresAdapter

/** The same for an adapter a `db.init` wrapper holds before Payload has started. */
export const asPostgresAdapter = (adapter: object): PostgresAdapter =>
  adapter as unknown as PostgresAdapter

/** The request's open transaction session, or undefined when it runs outside one. */
export const transactionSessionOf = async (
  req: PayloadRequest,
): Promise<TransactionSession | undefined> => {
  const id = await req.transactionID
  if (id === undefined || id === null) return undefined
  return postgresAdapterOf(req.payload).sessions[String(id)] as TransactionSession | undefined
}

/** drizzle's `withReplicas` wrapper: `$primary` and `$replicas` (each with its pool as `$client`). */
export type ReplicatedDrizzle = {
  $client?: unknown
  $primary?: object
  $replicas?: ({ $client?: unknown } & object)[]
}

export const replicatedDrizzleOf = (payload: Pick<Payload, 'db'>): ReplicatedDrizzle | undefined =>
  (postgresAdapterOf(payload) as unknown as { drizzle?: ReplicatedDrizzle }).drizzle

/** Replaces the adapter's drizzle handle (read routing puts a proxy in front of it). */
export const setDrizzleOf = (payload: Pick<Payload, 'db'>, drizzle: object): void => {
  ;(postgresAdapterOf(payload) as unknown as { drizzle: object }).drizzle = drizzle
}

/** The pg pool options the adapter connects with (`poolOptions`), read before it connects. */
export type PoolOptions = Record<string, unknown> & { connectionString?: string }

export const poolOptionsOf = (adapter: object): PoolOptions =>
  ((adapter as { poolOptions?: PoolOptions }).poolOptions ??= {})

export const setPoolOptionsOf = (adapter: object, options: PoolOptions): void => {
  ;(adapter as { poolOptions?: PoolOptions }).poolOptions = options
}

/** The adapter's migration commands, each wrapped by the migration lock. */
export const MIGRATING_METHODS = [
  'migrate',
  'migrateDown',
  'migrateFresh',
  'migrateRefresh',
  'migrateReset',
] as const

/**
 * db-postgres's `updateJobs(args)`. Payload's job utility (payload/dist/queues/utilities/updateJob)
 * calls it with `req: { transactionID }`, a transaction it began itself and commits only when the
 * update succeeds (it never rolls it back), and claims jobs with `data: { processing: true }`.
 */
export type UpdateJobsArgs = {
  data?: { processing?: boolean }
  req?: { payload?: unknown; transactionID?: number | Promise<number | string> | string }
}
export type UpdateJobs = (this: unknown, args: UpdateJobsArgs) => Promise<unknown>
export const UPDATE_JOBS_METHOD = 'updateJobs'

/** The transaction Payload's job utility began for this update, if it is one of those. */
export const jobUtilityTransaction = async (
  args: UpdateJobsArgs,
): Promise<number | string | undefined> =>
  args.req && !('payload' in args.req) ? await args.req.transactionID : undefined

/** Payload's own JWT strategy, by the name it registers it under. */
export const JWT_STRATEGY = 'local-jwt'

export const replaceAuthStrategy = (
  payload: Payload,
  name: string,
  replace: (strategy: AuthStrategy) => AuthStrategy,
): boolean => {
  const index = payload.authStrategies.findIndex((strategy) => strategy.name === name)
  const strategy = payload.authStrategies[index]
  if (!strategy) return false
  payload.authStrategies[index] = replace(strategy)
  return true
}

/**
 * Adds an auth strategy to the started app, after every configured one (Payload reads
 * `payload.authStrategies` in order on each request; config strategies only run before its JWT).
 */
export const appendAuthStrategy = (payload: Payload, strategy: AuthStrategy): void => {
  payload.authStrategies.push(strategy)
}

/** Collections and globals Payload adds after every plugin has run. */
export const internalSlugs = {
  folders: 'payload-folders',
  jobs: 'payload-jobs',
  jobsStats: 'payload-jobs-stats',
  lockedDocuments: 'payload-locked-documents',
  migrations: 'payload-migrations',
  preferences: 'payload-preferences',
} as const

/**
 * The endpoint of a collection Payload routes `method` and `path` to: the first registered with
 * them (a plugin's endpoint registered before Payload's own stands in front of it).
 */
export const collectionEndpoint = (
  payload: Pick<Payload, 'collections'>,
  collection: string,
  method: Endpoint['method'],
  path: string,
): Endpoint | undefined => {
  const endpoints = payload.collections[collection as CollectionSlug]?.config.endpoints
  return Array.isArray(endpoints)
    ? endpoints.find((endpoint) => endpoint.method === method && endpoint.path === path)
    : undefined
}

/** Marks an endpoint that stands in front of Payload's own one at the same path. */
export const IN_FRONT_OF_PAYLOAD = 'eventsCmsInFrontOfPayload'

/**
 * What Payload would have run for this request had an endpoint in front of it not been
 * registered: the next `method` endpoint of the collection whose path matches (a static path wins
 * over a parameter, as in Payload's own matching).
 */
export const payloadsHandler = (
  req: PayloadRequest,
  collection: CollectionSlug,
  method: 'get' | 'patch',
  path: string,
): PayloadHandler | undefined => {
  const endpoints = req.payload.collections[collection]?.config.endpoints || []
  const next = endpoints.filter(
    (endpoint) =>
      endpoint.method === method &&
      !endpoint.custom?.[IN_FRONT_OF_PAYLOAD] &&
      (endpoint.path === path || (path !== '/' && /^\/:[^/]+$/.test(endpoint.path))),
  )
  return (next.find((endpoint) => endpoint.path === path) ?? next[0])?.handler
}

/** The adapter's table name for a snake-cased slug (`dbName` included), from `tableNameMap`. */
export const adapterTableName = (payload: Pick<Payload, 'db'>, key: string): string | undefined =>
  postgresAdapterOf(payload).tableNameMap?.get(key)
