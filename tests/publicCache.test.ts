/**
 * The public cache with more than one app instance: a change committed through one instance
 * clears every instance's cache (NOTIFY inside the transaction, LISTEN in each instance), a rolled
 * back change clears nothing, an instance whose listener loses its connection keeps nothing until
 * it is back, the cache is bounded, and anonymous event lists with any query string are served from
 * it with live seat counters.
 */
import { createLocalReq, getPayload, initTransaction, killTransaction, type Payload } from 'payload'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { slugs } from 'payload-events-cms'
import { cacheMode, cacheSize } from 'payload-events-cms/platform'
import { publishedPageResponse } from 'payload-events-cms/site'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createMedia,
  json,
  richText,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

/** Counts the cache listeners' round trips (`SELECT 1` on their own connections). */
const listenerTrips = () => {
  const original = pg.Client.prototype.query
  let count = 0
  const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    if (args[0] === 'SELECT 1') count += 1
    return (original as (...values: unknown[]) => unknown).apply(this, args)
  } as typeof original)
  return { count: () => count, stop: () => spy.mockRestore() }
}

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return false
}

type List = { docs: { id: string; seatsAvailable?: number; seatsBooked?: number; title: string }[] }

describe('public cache', () => {
  let other: Payload
  let user: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({
    onQuery: (query) => queries.push(query),
    plugin: { cache: { maxEntries: 4 } },
  }))

  beforeAll(async () => {
    // A second app instance on the same database, as a second server would run it; strict:
    // every hit makes the listener's round trip first.
    other = await getPayload({
      config: await buildAppConfig({
        databaseUrl: app.databaseUrl,
        plugin: { cache: { listen: { maxStaleMs: 0 } } },
      }),
      key: `second-instance:${app.databaseUrl}`,
    })
    await waitFor(() => cacheMode(other) === 'listening' && cacheMode(app.payload) === 'listening')
    ;({ user } = await createActors(app))
  })

  afterAll(async () => {
    await closePayload(other)
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const publishPage = (title: string) =>
    app.payload.create({
      collection: slugs.pages,
      data: {
        _status: 'published',
        layout: [{ alignment: 'left', blockType: 'richText', content: richText('Hello') }],
        slug: 'about',
        title,
      },
    })

  const titleThroughOther = () => titleThrough(other)

  const titleThrough = async (payload: Payload) =>
    ((await (await publishedPageResponse(payload, 'about')).json()) as { title?: string }).title

  it('should show a change committed through one instance on a strict one at once', async () => {
    const page = await publishPage('First title')
    expect(await titleThroughOther()).toBe('First title')

    await app.payload.update({
      collection: slugs.pages,
      data: { title: 'Second title' },
      id: page.id,
    })

    // At once: a hit waits for every change committed before it to reach this instance.
    expect(await titleThroughOther()).toBe('Second title')
  })

  it('should serve hits without a round trip, and a change within maxStaleMs', async () => {
    // app.payload keeps the default bound (100 ms).
    const page = await publishPage('First title')
    const trips = listenerTrips()
    expect(await titleThrough(app.payload)).toBe('First title')
    await titleThrough(app.payload) // a hit: the listener's last trip may be old, one trip

    const before = trips.count()
    for (let index = 0; index < 20; index++) await titleThrough(app.payload)
    const during = trips.count() - before
    await titleThroughOther() // the strict instance: one trip per hit
    for (let index = 0; index < 20; index++) await titleThroughOther()
    const strict = trips.count() - before - during
    await other.update({ collection: slugs.pages, data: { title: 'Second title' }, id: page.id })
    await new Promise((resolve) => setTimeout(resolve, 100))
    const after = await titleThrough(app.payload)
    trips.stop()

    // 20 quick hits cost no trip each (one may start ahead, in the background); strict ones do.
    expect(during).toBeLessThanOrEqual(2)
    expect(strict).toBeGreaterThanOrEqual(20)
    expect(after).toBe('Second title')
  })

  it('should leave the other instance alone when the change rolls back', async () => {
    const page = await publishPage('Kept title')
    await new Promise((resolve) => setTimeout(resolve, 300)) // the create's own message
    expect(await titleThroughOther()).toBe('Kept title')
    const before = cacheSize(other)

    // The update's hooks run (and NOTIFY) inside the transaction, which then rolls back.
    const req = await createLocalReq({}, app.payload)
    await initTransaction(req)
    await app.payload.update({
      collection: slugs.pages,
      data: { title: 'Rolled back' },
      id: page.id,
      req,
    })
    await killTransaction(req)
    await new Promise((resolve) => setTimeout(resolve, 300))

    expect(before).toBeGreaterThan(0)
    expect([cacheSize(other), await titleThroughOther()]).toEqual([before, 'Kept title'])
  })

  it('should keep nothing while its listener is cut off, then listen again', async () => {
    await publishPage('Before the cut')
    await app.sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'events-cms-cache-listener'`,
    )

    const deaf = await waitFor(() => cacheMode(other) === 'deaf', 2000)
    const back = await waitFor(() => cacheMode(other) === 'listening', 5000)

    expect([deaf, back]).toEqual([true, true])
    expect(await titleThroughOther()).toBe('Before the cut')
  })

  it('should serve an anonymous event list from the cache with live seat counters', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0, title: 'Cached List Night' })
    const url = `/${slugs.events}?limit=5&depth=1&sort=startDate`
    const first = await json<List>(await app.rest.get(url))

    await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 2 }, { token: user.token })
    queries.length = 0
    const reordered = await json<List>(
      await app.rest.get(`/${slugs.events}?sort=startDate&depth=1&limit=5`),
    )

    expect(queries).toHaveLength(1)
    expect(reordered).toEqual({
      ...first,
      docs: first.docs.map((doc) => ({ ...doc, seatsAvailable: 8, seatsBooked: 2 })),
    })
  })

  it('should read a list afresh after an event changes, and never cache a refusal', async () => {
    const event = await createEvent(app, { title: 'Old Name' })
    await app.rest.get(`/${slugs.events}?limit=5`)
    await app.payload.update({
      collection: slugs.events,
      data: { title: 'New Name' },
      id: event.id,
    })

    const fresh = await json<List>(await app.rest.get(`/${slugs.events}?limit=5`))
    const refusals = [
      await app.rest.get(`/${slugs.events}?limit=0`),
      await app.rest.get(`/${slugs.events}?limit=0`),
    ]

    expect(fresh.docs[0]?.title).toBe('New Name')
    expect(refusals.map(({ status }) => status)).toEqual([400, 400])
  })

  it('should serve the anonymous media list from the cache until a file or folder changes', async () => {
    const media = await createMedia(app, 'First alt')
    const url = `/${slugs.media}?limit=50`
    type Library = { docs: { alt: string; folder?: unknown }[]; totalDocs: number }
    const first = await json<Library>(await app.rest.get(url))
    queries.length = 0
    const again = await json<Library>(await app.rest.get(url))
    const signedIn = await json<Library>(await app.rest.get(url, { token: user.token }))

    expect(queries.length).toBeGreaterThan(0) // the signed-in read only: Payload's handler
    queries.length = 0
    await app.rest.get(url)
    expect(queries).toHaveLength(0)
    expect([again, signedIn]).toEqual([first, first])

    await app.payload.update({ collection: slugs.media, data: { alt: 'Second alt' }, id: media.id })
    expect((await json<Library>(await app.rest.get(url))).docs[0]?.alt).toBe('Second alt')

    const folder = await app.payload.create({
      collection: 'payload-folders',
      data: { name: 'Posters' },
    })
    await app.payload.update({ collection: slugs.media, data: { folder: folder.id }, id: media.id })
    await app.rest.get(url)
    await app.payload.delete({ collection: 'payload-folders', id: folder.id })
    const afterFolder = await json<Library>(await app.rest.get(url))
    const uncached = await json<Library>(await app.rest.get(url, { token: user.token }))
    expect(afterFolder).toEqual(uncached)
  })

  it('should keep at most cache.maxEntries entries', async () => {
    await createEvent(app)
    for (const limit of [1, 2, 3, 4, 5, 6, 7]) await app.rest.get(`/${slugs.events}?limit=${limit}`)

    expect(cacheSize(app.payload)).toBe(4)
  })
})

describe('HTTP caching for a CDN', () => {
  let user: Actor
  const app = useTestApp({ plugin: { httpCache: { sMaxAge: 30, staleWhileRevalidate: 120 } } })

  beforeAll(async () => {
    ;({ user } = await createActors(app))
  })

  it('should give public answers an ETag, Cache-Control for a CDN and a 304 when unchanged', async () => {
    const event = await createEvent(app, { price: 0 })
    const url = `/${slugs.events}/${event.id}?depth=0`

    const first = await app.rest.get(url)
    const etag = first.headers.get('ETag') ?? ''
    const again = await app.rest.get(url, { headers: { 'If-None-Match': etag } })

    expect(first.headers.get('Cache-Control')).toBe(
      'public, max-age=0, s-maxage=30, stale-while-revalidate=120',
    )
    expect(first.headers.get('Vary')).toMatch(/Authorization/)
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect([again.status, await again.text()]).toEqual([304, ''])
  })

  it('should change the ETag when the answer changes (a booking moves the seat counter)', async () => {
    const event = await createEvent(app, { price: 0 })
    const url = `/${slugs.events}/${event.id}?depth=0`
    const etag = (await app.rest.get(url)).headers.get('ETag') ?? ''

    await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 }, { token: user.token })
    const after = await app.rest.get(url, { headers: { 'If-None-Match': etag } })

    expect(after.status).toBe(200)
    expect(after.headers.get('ETag')).not.toBe(etag)
  })

  it.each([
    ['an event list', `/${slugs.events}?limit=3`],
    ['a search', `/${slugs.events}/search?q=event`],
    ['public settings', '/globals/site-settings/public'],
  ])('should cache %s publicly', async (_, url) => {
    const response = await app.rest.get(url)

    expect([response.status, response.headers.get('Cache-Control')]).toEqual([
      200,
      'public, max-age=0, s-maxage=30, stale-while-revalidate=120',
    ])
  })

  it('should never let a shared cache keep a signed-in answer, an error or the health check', async () => {
    const signedIn = await app.rest.get(`/${slugs.bookings}`, { token: user.token })
    const refused = await app.rest.get(`/${slugs.events}?limit=0`)
    const health = await app.rest.get('/health')

    expect([signedIn, refused].map((response) => response.headers.get('Cache-Control'))).toEqual([
      'private, no-store',
      'private, no-store',
    ])
    expect([signedIn.headers.get('ETag'), health.headers.get('Cache-Control')]).toEqual([
      null,
      'no-store',
    ])
  })
})
