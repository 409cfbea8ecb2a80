/**
 * One helper for every suite: a Payload instance of the reference app on its own clone of the
 * migrated template database, a REST/GraphQL client that goes through the real Next.js route
 * handlers, and a reset that empties every table between tests.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'

import { getPayload, type Payload, type SanitizedConfig } from 'payload'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'

import { graphQLRoutes, restRoutes } from 'payload-events-cms/routes'

import { type AppConfigOptions, buildAppConfig } from '../../src/app/appConfig'
import { closePayload } from '../../scripts/lib/closePayload'
import { TEMPLATE_DATABASE, withDatabaseName } from './databaseUrl'

export type TestApp = {
  config: SanitizedConfig
  databaseUrl: string
  destroy: () => Promise<void>
  graphql: (query: string, options?: RequestOptions & { variables?: object }) => Promise<Response>
  payload: Payload
  /** Empties every table except the migrations ledger and those listed in `keep`. */
  reset: (options?: { keep?: string[] }) => Promise<void>
  rest: RestClient
  sql: pg.Pool
}

export type RequestOptions = { headers?: Record<string, string>; token?: string }

type RestMethod = (path: string, body?: unknown, options?: RequestOptions) => Promise<Response>
export type RestClient = {
  delete: (path: string, options?: RequestOptions) => Promise<Response>
  /** Sends `body` exactly as given (malformed JSON, `null`, huge or deep bodies) as JSON. */
  raw: (
    method: 'PATCH' | 'POST',
    path: string,
    body: string,
    options?: RequestOptions,
  ) => Promise<Response>
  get: (path: string, options?: RequestOptions) => Promise<Response>
  patch: RestMethod
  post: RestMethod
}

const BASE = 'http://localhost:3000/api'

export const createTestDatabase = async (
  name = `events_cms_t${randomBytes(6).toString('hex')}`,
): Promise<string> => {
  const maintenanceUrl = inject('maintenanceUrl')
  const admin = new pg.Client({ connectionString: maintenanceUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`)
  } finally {
    await admin.end()
  }
  return withDatabaseName(maintenanceUrl, name)
}

const buildRequest = (
  method: string,
  path: string,
  body: unknown,
  options: RequestOptions = {},
) => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `JWT ${options.token}`
  const init: RequestInit = { headers, method }
  if (body instanceof FormData) init.body = body
  else if (body !== undefined) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  return new Request(`${BASE}${path}`, init)
}

const routeArgs = (path: string) => {
  const pathname = path.split('?')[0] ?? ''
  return { params: Promise.resolve({ slug: pathname.split('/').filter(Boolean) }) }
}

export type TestAppOptions = Omit<AppConfigOptions, 'databaseUrl' | 'plugin'> & {
  /** The plugin's options, or a function of the database's own (direct) address. */
  plugin?: AppConfigOptions['plugin'] | ((databaseUrl: string) => AppConfigOptions['plugin'])
  /** The address the app connects through (a proxy a test can cut); the test's own pool goes direct. */
  connectVia?: (databaseUrl: string) => Promise<string> | string
  /** A migrated database elsewhere (a cluster the test started) instead of a copy of the template. */
  database?: string
}

/**
 * Marks what the app starts on its own (the job crons, the cache listener, start-up tasks): all
 * of it is scheduled from Payload's init, so it runs in init's async context. A suite's
 * `onQuery` hears only the statements of its own requests and calls, so a statement count is not
 * moved by a mail job the cron happened to run in the same window.
 */
const background = new AsyncLocalStorage<true>()

export const createTestApp = async ({
  connectVia,
  database,
  onQuery,
  ...options
}: TestAppOptions = {}): Promise<TestApp> => {
  const databaseUrl = database ?? (await createTestDatabase())
  const { plugin, ...rest } = options
  const config = await buildAppConfig({
    ...rest,
    databaseUrl: connectVia ? await connectVia(databaseUrl) : databaseUrl,
    onQuery:
      onQuery &&
      ((query) => {
        if (!background.getStore()) onQuery(query)
      }),
    plugin: typeof plugin === 'function' ? plugin(databaseUrl) : plugin,
  })
  // `cron: true` here, not on the first request (Payload's route handlers ask for it), so the
  // crons are scheduled from init's context.
  const payload = await background.run(true, () =>
    getPayload({ config, cron: true, key: databaseUrl }),
  )
  // Payload's route handlers use the instance cached under 'default' (the first one a process
  // made): point it at this app while it lives, so a file may create several apps in turn.
  const instances = (globalThis as { _payload?: Map<string, unknown> })._payload
  const previousDefault = instances?.get('default')
  instances?.set('default', instances.get(databaseUrl))
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 4 })

  // The reference app's route handlers: Payload's behind the plugin's request limits.
  const handlers = restRoutes(config)
  const call = (
    method: 'DELETE' | 'GET' | 'PATCH' | 'POST',
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ) => handlers[method](buildRequest(method, path, body, opts), routeArgs(path))
  const graphqlHandler = graphQLRoutes(config).POST

  const reset = async ({ keep = [] }: { keep?: string[] } = {}) => {
    const { rows } = await sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL($1::text[])`,
      [['payload_migrations', ...keep]],
    )
    if (rows.length === 0) return
    const tables = rows.map(({ tablename }) => `"${tablename}"`).join(', ')
    // The audit log refuses TRUNCATE unless the session opts in (see src/db/auditLogSql.ts).
    // A job the cron started (hold expiry, scheduled publish) can lock these tables in another
    // order; PostgreSQL then picks one side as the deadlock victim, and if it is us we go again.
    for (let attempt = 1; ; attempt++) {
      const client = await sql.connect()
      try {
        await client.query(
          `BEGIN; SET LOCAL audit.allow_truncate = 'on'; TRUNCATE ${tables} RESTART IDENTITY CASCADE; COMMIT`,
        )
        return
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error
      } finally {
        client.release()
      }
    }
  }

  let destroyed = false
  return {
    config,
    databaseUrl,
    // Idempotent: a suite may end its app itself before useTestApp's afterAll does.
    destroy: async () => {
      if (destroyed) return
      destroyed = true
      if (previousDefault) instances?.set('default', previousDefault)
      else instances?.delete('default')
      await sql.end()
      await closePayload(payload)
    },
    graphql: (query, { variables, ...opts } = {}) =>
      graphqlHandler(buildRequest('POST', '/graphql', { query, variables }, opts)),
    payload,
    reset,
    rest: {
      delete: (path, opts) => call('DELETE', path, undefined, opts),
      get: (path, opts) => call('GET', path, undefined, opts),
      patch: (path, body, opts) => call('PATCH', path, body, opts),
      post: (path, body, opts) => call('POST', path, body, opts),
      raw: (method, path, body, opts = {}) =>
        handlers[method](
          new Request(`${BASE}${path}`, {
            body,
            headers: {
              'content-type': 'application/json',
              ...(opts.token ? { authorization: `JWT ${opts.token}` } : {}),
              ...opts.headers,
            },
            method,
          }),
          routeArgs(path),
        ),
    },
    sql,
  }
}

/** Creates a user directly (bypassing access) and logs in through REST, returning its token. */
export const createUserAndLogin = async (
  app: TestApp,
  data: {
    email: string
    name?: string
    password?: string
    phone?: string
    role?: 'admin' | 'organizer' | 'user'
  },
): Promise<{ id: string; token: string }> => {
  const password = data.password ?? 'correct-horse-battery'
  const user = await app.payload.create({
    collection: 'users',
    data: {
      email: data.email,
      name: data.name,
      password,
      phone: data.phone,
      role: data.role ?? 'user',
    },
  })
  const response = await app.rest.post('/users/login', { email: data.email, password })
  const body = (await response.json()) as { token?: string }
  if (!body.token) throw new Error(`login failed for ${data.email}: ${JSON.stringify(body)}`)
  return { id: String(user.id), token: body.token }
}

/**
 * The one set-up every suite shares: a test app created in `beforeAll` (after the hooks registered
 * before this call, so `options` may read what they made) and destroyed in `afterAll` (after the
 * suite's own teardown). Use the returned app inside hooks and tests.
 * @example const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))
 */
export const useTestApp = (
  options: TestAppOptions | (() => Promise<TestAppOptions> | TestAppOptions) = {},
): TestApp => {
  let current: TestApp | undefined
  beforeAll(async () => {
    current = await createTestApp(typeof options === 'function' ? await options() : options)
  })
  afterAll(async () => {
    await current?.destroy()
  })
  return new Proxy({} as TestApp, {
    get: (_, property) => {
      if (!current) {
        throw new Error('useTestApp: the app starts in beforeAll; use it inside hooks and tests')
      }
      return current[property as keyof TestApp]
    },
  })
}
