/**
 * Faults the app must survive with clear answers: a held lock or a slow statement costs a request a
 * bounded wait and a 503 with Retry-After; a database outage is a 503 (never a 401 for a signed-in
 * client, never an uncaught exception) and the app answers again once the database is back; a flood
 * of anonymous reads cannot starve signed-in requests; /api/health tells which part is unwell.
 */
import type pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { slugs } from 'payload-events-cms'
import { databaseFault } from 'payload-events-cms/platform'
import { publicSettingsRoute, publishedPageRoute } from 'payload-events-cms/routes'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  firstErrorMessage,
  json,
} from './helpers/fixtures'
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy'
import { createTestApp, type TestApp, useTestApp } from './helpers/testApp'

type Health = {
  backup: { status: string }
  database: { error?: string; status: string }
  jobs: { late: number; status: string }
  status: string
}

describe('timeouts: a held lock or a slow statement is a 503 with Retry-After', () => {
  let admin: Actor
  let user: Actor

  const app = useTestApp(() => ({
    plugin: { database: { lockTimeoutMs: 300, statementTimeoutMs: 1500 } },
  }))

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  /** Runs `work` while another session holds `lock` (e.g. the event's row) in an open transaction. */
  const whileLocked = async <T>(lock: string, values: unknown[], work: () => Promise<T>) => {
    const holder = await app.sql.connect()
    try {
      await holder.query('BEGIN')
      await holder.query(lock, values)
      return await work()
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
  }

  it.each([
    ['the one-statement fast path', () => ({ body: {}, token: user.token })],
    [
      'the full create (an admin books for a customer)',
      () => ({ body: { user: user.id }, token: admin.token }),
    ],
  ])(
    'should answer a booking that waits on a held event row with 503 via %s',
    async (_, request) => {
      const event = await createEvent(app, { price: 0 })
      const { body, token } = request()

      const response = await whileLocked(
        'SELECT id FROM events WHERE id = $1 FOR UPDATE',
        [event.id],
        () =>
          app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1, ...body }, { token }),
      )

      expect(response.status).toBe(503)
      expect(response.headers.get('Retry-After')).toBe('1')
      expect(await firstErrorMessage(response)).toMatch(/lock wait timed out \(lock_timeout\)/)
    },
  )

  it('should answer a statement that runs past statement_timeout with 503', async () => {
    const timeouts = await createTestApp({
      plugin: { database: { lockTimeoutMs: 10_000, statementTimeoutMs: 300 } },
    })
    try {
      const response = await (async () => {
        const holder = await timeouts.sql.connect()
        try {
          await holder.query('BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE')
          return await timeouts.rest.get(`/${slugs.events}`)
        } finally {
          await holder.query('ROLLBACK')
          holder.release()
        }
      })()

      expect(response.status).toBe(503)
      expect(response.headers.get('Retry-After')).toBe('2')
      expect(await firstErrorMessage(response)).toMatch(/statement_timeout/)
    } finally {
      await timeouts.destroy()
    }
  })

  it('should give every pooled session the timeouts', async () => {
    const { pool } = app.payload.db as unknown as { pool: pg.Pool }
    const show = async (name: string) =>
      (await pool.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name]

    expect([
      await show('lock_timeout'),
      await show('statement_timeout'),
      await show('idle_in_transaction_session_timeout'),
    ]).toEqual(['300ms', '1500ms', '30s'])
  })

  it('should keep the process up when a checked-out connection drops between two statements', async () => {
    const { pool } = app.payload.db as unknown as { pool: pg.Pool }
    const client = await pool.connect()
    try {
      // pg-pool hears errors of idle clients only; this one is checked out and idle.
      expect(client.listenerCount('error'), 'a listener of its own').toBeGreaterThan(0)
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      await app.sql.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid])
      // Without a listener the dropped connection's error would end the process here.
      await new Promise((resolve) => setTimeout(resolve, 300))
    } finally {
      client.release(true)
    }
    expect((await app.rest.get('/health')).status).toBe(200)
  })

  it('should answer a GraphQL query that runs into a held lock with HTTP 503', async () => {
    await createEvent(app)

    const response = await whileLocked('LOCK TABLE events IN ACCESS EXCLUSIVE MODE', [], () =>
      app.graphql('{ Events { docs { id } } }', { token: admin.token }),
    )

    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBe('1')
  })
})

const API = 'http://localhost:3000/api'

describe('which errors are database faults', () => {
  it.each([
    'Error: cannot begin transaction: connect ECONNREFUSED 127.0.0.1:5432',
    'Error: cannot begin transaction: the database system is starting up',
    'Error: cannot begin transaction: timeout exceeded when trying to connect',
  ])('should take %j (a wrapper that kept only the message) for an outage', (message) => {
    expect(databaseFault(new Error(message))).toMatchObject({ retryAfter: 5 })
  })

  it.each(['duplicate key value violates unique constraint', 'ECONNREFUSEDX is not a word'])(
    'should not take %j for one',
    (message) => {
      expect(databaseFault(new Error(message))).toBeUndefined()
    },
  )
})

describe('database outage: 503 while PostgreSQL is unreachable, normal service once it is back', () => {
  let app: TestApp
  let proxy: TcpProxy
  let user: Actor
  let eventId: string
  const uncaught: unknown[] = []
  const onUncaught = (error: unknown) => uncaught.push(error)

  beforeAll(async () => {
    app = await createTestApp({
      connectVia: async (url) => {
        const target = new URL(url)
        proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) })
        return proxy.url(url)
      },
    })
    ;({ user } = await createActors(app))
    eventId = String((await createEvent(app, { price: 0 })).id)
    // Warm the pool: idle connections are what break when the server goes away.
    await Promise.all(Array.from({ length: 5 }, () => app.rest.get(`/${slugs.events}`)))
    process.on('uncaughtException', onUncaught)
    await proxy.down()
  })

  afterAll(async () => {
    process.off('uncaughtException', onUncaught)
    await proxy.up()
    await app.destroy()
    await proxy.close()
  })

  it.each([
    ['a signed-in read', () => app.rest.get(`/${slugs.bookings}`, { token: user.token })],
    [
      'a booking',
      () =>
        app.rest.post(`/${slugs.bookings}`, { event: eventId, seats: 1 }, { token: user.token }),
    ],
    ['the signed-in user', () => app.rest.get(`/${slugs.users}/me`, { token: user.token })],
    ['an anonymous read', () => app.rest.get(`/${slugs.events}`)],
    [
      'a signed-in GraphQL query',
      () => app.graphql('{ Bookings { docs { id } } }', { token: user.token }),
    ],
  ])('should answer %s with 503 and Retry-After, never 401 or 500', async (_, send) => {
    const response = await send()

    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/)
  })

  it.each([
    [
      'the public settings route',
      () => publicSettingsRoute(app.config).GET(new Request(`${API}/globals/site-settings/public`)),
    ],
    [
      'the published page route',
      () =>
        publishedPageRoute(app.config).GET(new Request(`${API}/pages/published/home`), {
          params: Promise.resolve({ slug: 'home' }),
        }),
    ],
  ])('should answer %s with 503 and a JSON reason, not an empty 500', async (_, send) => {
    const response = await send()

    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBe('5')
    expect(await firstErrorMessage(response)).toMatch(/database is unavailable/)
  })

  it('should answer with 503 through route handlers of another bundle than the one that started Payload', async () => {
    // A production build holds one copy of the plugin per bundle (API routes, admin pages):
    // hooks and auth strategies of the copy that started Payload report to the routes of another.
    vi.resetModules()
    const other = await import('payload-events-cms/routes')
    const get = (path: string, token?: string) =>
      other
        .restRoutes(app.config)
        .GET(
          new Request(`${API}${path}`, token ? { headers: { authorization: `JWT ${token}` } } : {}),
          { params: Promise.resolve({ slug: path.split('/').filter(Boolean) }) },
        )

    const [me, bookings] = await Promise.all([
      get(`/${slugs.users}/me`, user.token),
      get(`/${slugs.bookings}`, user.token),
    ])

    expect([me.status, bookings.status]).toEqual([503, 503])
    expect(await firstErrorMessage(me)).toMatch(/sign-in could not be checked/)
  })

  it('should say in /api/health that the database is down', async () => {
    const response = await app.rest.get('/health')
    const health = await json<Health>(response)

    expect(response.status).toBe(503)
    expect([health.status, health.database.status]).toEqual(['down', 'down'])
  })

  it('should serve again once PostgreSQL is back, with no uncaught exception meanwhile', async () => {
    await proxy.up()

    const health = await app.rest.get('/health')
    const booking = await app.rest.post(
      `/${slugs.bookings}`,
      { event: eventId, seats: 1 },
      { token: user.token },
    )

    expect([health.status, booking.status]).toEqual([200, 201])
    expect(uncaught).toEqual([])
  })
})

describe('anonymous reads cannot starve signed-in requests', () => {
  let app: TestApp
  let user: Actor

  beforeAll(async () => {
    app = await createTestApp({
      plugin: { limits: { anonymousReads: { concurrency: 1, queue: 1 } } },
    })
    ;({ user } = await createActors(app))
  })

  afterAll(async () => {
    await app.destroy()
  })

  it('should refuse reads beyond the lane with 503 while bookings and signed-in reads go through', async () => {
    const event = await createEvent(app, { price: 0 })

    const [reads, booking, mine, health] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, () => app.rest.get(`/${slugs.events}?depth=2`))),
      app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 }, { token: user.token }),
      app.rest.get(`/${slugs.events}?depth=2`, { token: user.token }),
      app.rest.get('/health'),
    ])
    const statuses = reads.map(({ status }) => status)
    const refused = reads.find(({ status }) => status === 503)

    expect(statuses.filter((status) => status === 200)).toHaveLength(2)
    expect(statuses.filter((status) => status === 503)).toHaveLength(10)
    expect(refused?.headers.get('Retry-After')).toBe('2')
    expect(await firstErrorMessage(refused as Response)).toMatch(/busy with public reads/)
    expect([booking.status, mine.status, health.status]).toEqual([201, 200, 200])
  })
})

describe('/api/health', () => {
  let app: TestApp

  beforeAll(async () => {
    app = await createTestApp({ plugin: { health: { backupMaxAgeHours: 24 } } })
  })

  afterAll(async () => {
    await app.destroy()
  })

  beforeEach(async () => {
    await app.reset()
  })

  it('should report ok with the database round trip, no late jobs and no backup yet', async () => {
    const response = await app.rest.get('/health')
    const health = await json<Health & { database: { latencyMs: number } }>(response)

    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(health).toMatchObject({
      backup: { status: 'none' },
      database: { status: 'ok' },
      jobs: { late: 0, status: 'ok' },
      status: 'ok',
    })
    expect(health.database.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('should report degraded when a queued job is overdue (no runner) or the backup is stale', async () => {
    await app.sql.query(
      `INSERT INTO payload_jobs (task_slug, queue, wait_until) VALUES ('expireBookingHolds', 'nowhere', now() - interval '1 hour')`,
    )
    await app.sql.query(`INSERT INTO payload_kv (key, data) VALUES ($1, $2)`, [
      'events-cms:last-backup',
      { at: new Date(Date.now() - 30 * 3_600_000).toISOString(), bytes: 1 },
    ])

    const health = await json<Health>(await app.rest.get('/health'))

    expect(health).toMatchObject({
      backup: { status: 'stale' },
      jobs: { late: 1, status: 'late' },
      status: 'degraded',
    })
  })
})

describe('a held event row takes only its own lane of connections', () => {
  let app: TestApp
  let admin: Actor
  let user: Actor

  beforeAll(async () => {
    // A long lock wait: the bookings of the held event keep waiting while the rest is served.
    app = await createTestApp({ plugin: { database: { lockTimeoutMs: 20_000 } } })
    ;({ admin, user } = await createActors(app))
  })

  afterAll(async () => {
    await app.destroy()
  })

  it('should serve reads and other events while 40 bookings wait for one held event', async () => {
    const hot = await createEvent(app, { capacity: 500, price: 0 })
    const calm = await createEvent(app, { capacity: 500, price: 0 })
    const holder = await app.sql.connect()
    await holder.query('BEGIN')
    await holder.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [hot.id])
    let waiting: Promise<Response[]> | undefined
    try {
      waiting = Promise.all(
        Array.from({ length: 40 }, () =>
          app.rest.post(`/${slugs.bookings}`, { event: hot.id, seats: 1 }, { token: user.token }),
        ),
      )
      await new Promise((resolve) => setTimeout(resolve, 500))
      // Everything else runs while the 40 wait: without the lane they held all 19 connections.
      const others = await Promise.all([
        ...Array.from({ length: 10 }, () => app.rest.get(`/${slugs.events}?depth=1`)),
        ...Array.from({ length: 5 }, () =>
          app.rest.post(`/${slugs.bookings}`, { event: calm.id, seats: 1 }, { token: user.token }),
        ),
        app.rest.get(`/${slugs.bookings}?depth=1`, { token: admin.token }),
      ])

      expect(others.map(({ status }) => status)).toEqual([
        ...Array(10).fill(200),
        ...Array(5).fill(201),
        200,
      ])
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
    const hotStatuses = (await waiting)?.map(({ status }) => status) ?? []
    expect(hotStatuses.filter((status) => status === 201)).toHaveLength(40)
  })
})
