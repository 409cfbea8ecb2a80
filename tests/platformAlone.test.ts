/**
 * The platform plugin without the events domain: a Payload app with its own collections and only
 * `platformPlugin()` gets the request limits and input checks, GraphQL cost, health and the
 * cross-instance cache, and none of the events plugin's collections.
 */
import { postgresAdapter } from '@payloadcms/db-postgres'
import pg from 'pg'
import {
  buildConfig,
  type CollectionSlug,
  createLocalReq,
  getPayload,
  type Payload,
  type SanitizedConfig,
} from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'

import {
  announceChange,
  cached,
  cacheMode,
  graphQLRoutes,
  platformPlugin,
  restRoutes,
} from 'payload-events-cms/platform'
import { closePayload } from '../scripts/lib/closePayload'
import { withDatabaseName } from './helpers/databaseUrl'

const BASE = 'http://localhost:3000/api'
/** Not a collection of the reference app's generated types: this app is its own. */
const NOTES = 'notes' as CollectionSlug

const waitFor = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
  return check()
}

/** A small app of its own: accounts and notes, no events. Its schema is pushed (no migrations). */
const notesApp = (databaseUrl: string): Promise<SanitizedConfig> =>
  buildConfig({
    collections: [
      { slug: 'accounts', auth: true, fields: [] },
      {
        slug: 'notes',
        access: { create: () => true, read: () => true },
        fields: [{ name: 'title', type: 'text', required: true }],
      },
    ],
    db: postgresAdapter({ pool: { connectionString: databaseUrl, max: 5 }, push: true }),
    plugins: [platformPlugin({ limits: { pageSize: 20, jsonDepth: 5 } })],
    secret: 'platform-alone-test-secret',
    typescript: { autoGenerate: false },
  })

describe('the platform plugin alone', () => {
  let config: SanitizedConfig
  let payload: Payload
  let other: Payload
  let databaseUrl: string
  let rest: ReturnType<typeof restRoutes>

  const call = (method: 'GET' | 'POST', path: string, body?: string) =>
    rest[method](
      new Request(`${BASE}${path}`, {
        body,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        method,
      }),
      { params: Promise.resolve({ slug: path.split('?')[0]!.split('/').filter(Boolean) }) },
    )

  beforeAll(async () => {
    const maintenanceUrl = inject('maintenanceUrl')
    const name = `platform_alone_${Date.now().toString(36)}`
    const admin = new pg.Client({ connectionString: maintenanceUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`)
    await admin.end()
    databaseUrl = withDatabaseName(maintenanceUrl, name)
    config = await notesApp(databaseUrl)
    payload = await getPayload({ config, key: databaseUrl })
    const instances = (globalThis as { _payload?: Map<string, unknown> })._payload
    instances?.set('default', instances.get(databaseUrl))
    other = await getPayload({ config: await notesApp(databaseUrl), key: `${databaseUrl}:other` })
    rest = restRoutes(config)
  })

  afterAll(async () => {
    ;(globalThis as { _payload?: Map<string, unknown> })._payload?.delete('default')
    await closePayload(other)
    await closePayload(payload)
  })

  it('should add no collection of the events domain', () => {
    const slugsHere = Object.keys(payload.collections)
    expect(slugsHere).toContain('notes')
    for (const slug of ['events', 'bookings', 'venues', 'audit-logs', 'pages']) {
      expect(slugsHere).not.toContain(slug)
    }
  })

  it('should answer health with the database round trip', async () => {
    const response = await call('GET', '/health')
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      database: { status: string }
      jobs: { status: string }
      status: string
    }
    // No jobs in this app, so none can be late.
    expect(body).toMatchObject({
      database: { status: 'ok' },
      jobs: { status: 'none' },
      status: 'ok',
    })
  })

  it('should refuse bad input on its own collections with a 4xx naming the problem', async () => {
    const deep = await call('POST', '/notes', JSON.stringify({ title: [[[[[[['x']]]]]]] }))
    expect(deep.status).toBe(400)
    expect(JSON.stringify(await deep.json())).toMatch(/deeper|nest/i)
    const nul = await call('POST', '/notes', JSON.stringify({ title: 'a\u0000b' }))
    expect(nul.status).toBe(400)
    expect(JSON.stringify(await nul.json())).toContain('title')
    const notJson = await call('POST', '/notes', '[1, 2]')
    expect(notJson.status).toBe(400)
    const created = await call('POST', '/notes', JSON.stringify({ title: 'fine' }))
    expect(created.status).toBe(201)
    const page = await call('GET', '/notes?limit=100000')
    expect(page.status).toBe(200)
    expect(((await page.json()) as { limit: number }).limit).toBe(20)
    const where = await call('GET', '/notes?where[nope][equals]=1')
    expect(where.status).toBe(400)
  })

  it('should refuse a GraphQL query over its cost', async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: Notes { totalDocs }`).join(' ')
    const response = await graphQLRoutes(config).POST(
      new Request(`${BASE}/graphql`, {
        body: JSON.stringify({ query: `{ ${aliases} }` }),
        headers: { 'content-type': 'application/json' },
        method: 'POST',
      }),
    )
    expect(response.status).toBe(400)
    expect(JSON.stringify(await response.json())).toMatch(/alias/i)
  })

  it('should keep its cache fresh across app servers', async () => {
    expect(
      await waitFor(() => cacheMode(payload) === 'listening' && cacheMode(other) === 'listening'),
    ).toBe(true)
    let loads = 0
    const read = (instance: Payload) =>
      cached(instance, 'note-count', ['notes'], async () => {
        loads += 1
        return (await instance.count({ collection: NOTES })).totalDocs
      })
    const before = await read(other)
    expect(await read(other)).toBe(before)
    expect(loads).toBe(1)
    await payload.create({ collection: NOTES, data: { title: 'another' } as never })
    await announceChange(await createLocalReq({}, payload), { tags: ['notes'] })
    // Fresh at the latest once the default cache.listen.maxStaleMs (100 ms) has passed.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await read(other)).toBe(before + 1)
    expect(loads).toBe(2)
  })
})
