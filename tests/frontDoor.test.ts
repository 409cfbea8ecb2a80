/**
 * The front door (src/platform/requests/frontDoor.ts; scripts/lib/productionServer.mjs asks it
 * before Next.js): the routes the app's route modules open there answer exactly what the same
 * route answers through Next.js (status, headers, body), guard included, and leave everything else
 * to Next.js: a miss, a refusal, another path, a path Next.js would normalise, its own requests.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { publicSettingsRoute, publishedPageRoute, restRoutes } from 'payload-events-cms/routes'
import { ACCOUNT_TABLES, type Actor, createActors, createEvent, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'
import type { FrontDoor } from '../src/platform/requests/frontDoor'

const API = 'http://localhost:3000/api'

describe('the front door', () => {
  let admin: Actor
  let user: Actor
  const queries: string[] = []
  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))
  let routes: ReturnType<typeof restRoutes>
  let page: ReturnType<typeof publishedPageRoute>
  let settings: ReturnType<typeof publicSettingsRoute>

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
    // What Next.js does when it first loads the app's route modules; the config resolves later.
    routes = restRoutes(app.config)
    page = publishedPageRoute(app.config)
    settings = publicSettingsRoute(app.config)
    await Promise.resolve()
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const door = () =>
    (globalThis as Record<symbol, FrontDoor | undefined>)[
      Symbol.for('payload-events-cms.frontDoor')
    ]
  const atDoor = (path: string, headers: Record<string, string> = {}) =>
    door()?.answer('GET', `${API}${path}`, new Headers(headers), () => {
      throw new Error('a GET has no body')
    })
  /** A POST at the door; `read` says whether its body was asked for. */
  const postAtDoor = async (path: string, body: unknown, token?: string) => {
    let read = false
    const headers = new Headers({
      'content-type': 'application/json',
      ...(token ? { authorization: `JWT ${token}` } : {}),
    })
    const answer = await door()?.answer('POST', `${API}${path}`, headers, () => {
      read = true
      return new Response(JSON.stringify(body)).body
    })
    return { answer, read }
  }
  /** The catch-all route as Next.js calls it (with its path's segments). */
  const viaRoute = (path: string, headers: Record<string, string> = {}) =>
    routes.GET(new Request(`${API}${path}`, { headers }), {
      params: Promise.resolve({ slug: (path.split('?')[0] ?? '').split('/').filter(Boolean) }),
    })
  /** Status, headers and body, to compare an answer at the door with one through the route. */
  const whole = async (response: Response | undefined) =>
    response && {
      body: await response.text(),
      headers: [...response.headers],
      status: response.status,
    }

  it('should answer a cached event list, event and search as the route does, else pass', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0, title: 'Harbour jazz' })
    const paths = [
      `/${slugs.events}?limit=5&depth=1`,
      `/${slugs.events}/${event.id}?depth=1`,
      `/${slugs.events}/search?q=jazz`,
    ]
    // Nothing cached yet: the list and the event are Next.js's (the search ranks here).
    expect(await atDoor(paths[0] ?? '')).toBeUndefined()
    expect(await atDoor(paths[1] ?? '')).toBeUndefined()
    for (const path of paths) await viaRoute(path)
    await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 2 }, { token: user.token })

    for (const path of paths) {
      queries.length = 0
      const door = await whole(await atDoor(path))
      const statements = queries.length
      const route = await whole(await viaRoute(path))
      expect(door).toEqual(route)
      expect(door?.body).toContain('"seatsBooked":2')
      expect(statements).toBeLessThanOrEqual(1) // the live seats
    }
  })

  it('should answer an If-None-Match with the route 304 and a credentialed list privately', async () => {
    await createEvent(app, { capacity: 10 })
    const path = `/${slugs.events}?limit=5`
    const first = await viaRoute(path)
    const etag = first.headers.get('etag') ?? ''
    const conditional = await atDoor(path, { 'if-none-match': etag })
    expect([conditional?.status, etag.length > 2]).toEqual([304, true])

    // A customer's bookings: the bookings fast path, with its sign-in, behind the door too.
    const event = await createEvent(app, { capacity: 10 })
    await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 }, { token: user.token })
    const mine = `/${slugs.bookings}?depth=1&limit=20`
    const auth = { authorization: `JWT ${user.token}` }
    const door = await whole(await atDoor(mine, auth))
    const route = await whole(await viaRoute(mine, auth))
    expect(door).toEqual(route)
    expect(door?.headers).toContainEqual(['cache-control', 'private, no-store'])
    expect(JSON.parse(door?.body ?? '{}')).toMatchObject({ totalDocs: 1 })
  })

  it('should answer the published page and public settings routes, a missing page too', async () => {
    await app.rest.post(
      `/${slugs.pages}`,
      { _status: 'published', layout: [], slug: 'door', title: 'Door' },
      admin,
    )
    const cases: [string, () => Promise<Response>][] = [
      [
        '/pages/published/door',
        () =>
          page.GET(new Request(`${API}/pages/published/door`), {
            params: Promise.resolve({ slug: 'door' }),
          }),
      ],
      [
        '/pages/published/missing',
        () =>
          page.GET(new Request(`${API}/pages/published/missing`), {
            params: Promise.resolve({ slug: 'missing' }),
          }),
      ],
      [
        '/globals/site-settings/public',
        () => settings.GET(new Request(`${API}/globals/site-settings/public`)),
      ],
    ]
    const statuses = []
    for (const [path, route] of cases) {
      const door = await whole(await atDoor(path))
      expect(door).toEqual(await whole(await route()))
      statuses.push(door?.status)
    }
    expect(statuses).toEqual([200, 404, 200])
  })

  it.each([
    ['another collection', '/tags'],
    ['an account read', '/users/me'],
    ['an app route of its own', '/bench-ceiling'],
    ['an event path with more segments', '/events/1/attendees'],
    ['a trailing slash (Next.js redirects it)', '/events/'],
    ['a doubled slash', '//events'],
    ['an encoded path', '/ev%65nts'],
    ['a dot segment', '/events/../tags'],
    ["Next.js's own query", '/events?_rsc=1'],
    ['a NUL in the query (the guard refuses; the route refuses it the same way)', '/events?q=%00'],
    ['a page with an encoded slug', '/pages/published/caf%C3%A9'],
  ])('should leave %s to Next.js', async (_, path) => {
    await viaRoute(`/${slugs.events}`)
    expect(await atDoor(path)).toBeUndefined()
  })

  it("should leave a request carrying Next.js's router headers to Next.js", async () => {
    await createEvent(app, { capacity: 10 })
    const path = `/${slugs.events}?limit=5`
    await viaRoute(path)
    expect(await atDoor(path)).toBeDefined()
    expect(await atDoor(path, { rsc: '1' })).toBeUndefined()
    expect(await atDoor(path, { 'next-router-state-tree': '%5B%5D' })).toBeUndefined()
  })

  it('should pass a list the route would refuse, so that Next.js answers its 400', async () => {
    const path = `/${slugs.events}?limit=abc`
    expect(await atDoor(path)).toBeUndefined()
    const route = await viaRoute(path)
    expect(route.status).toBe(400)
    expect(await json(route)).toMatchObject({
      errors: [{ message: expect.stringMatching(/limit/) }],
    })
  })

  it('should take a booking at the door as the route does: the operation, its refusals, its limits', async () => {
    const event = await createEvent(app, { capacity: 3, price: 0 })
    const booked = await postAtDoor(
      `/${slugs.bookings}?depth=0`,
      { event: event.id, seats: 2 },
      user.token,
    )
    expect(booked.answer?.status).toBe(201)
    const full = await postAtDoor(
      `/${slugs.bookings}?depth=0`,
      { event: event.id, seats: 2 },
      user.token,
    )
    expect(full.answer?.status).toBe(409)
    expect(await json(full.answer as Response)).toMatchObject({
      errors: [{ message: expect.stringMatching(/seat/i) }],
    })
    const { rows } = await app.sql.query<{ seats: number }>(
      `SELECT sum(seats)::int AS seats FROM bookings WHERE event_id = $1`,
      [event.id],
    )
    expect(rows[0]?.seats).toBe(2)
    // Payload's own handler behind it too (depth 1 is not the fast path), and the guard's checks.
    const deep = await postAtDoor(`/${slugs.bookings}`, { event: event.id, seats: 1 }, user.token)
    expect(deep.answer?.status).toBe(201)
    const anonymous = await postAtDoor(`/${slugs.bookings}`, { event: event.id, seats: 1 })
    const viaNext = await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 })
    expect([anonymous.answer?.status, await anonymous.answer?.text()]).toEqual([
      401,
      await viaNext.text(),
    ])
    const nested = Array.from({ length: 200 }).reduce<object>((inner) => ({ inner }), {})
    const deepBody = await postAtDoor(`/${slugs.bookings}`, nested, user.token)
    expect(deepBody.answer?.status).toBe(400)
  })

  it('should leave any other POST to Next.js without reading its body', async () => {
    for (const path of [
      `/${slugs.tags}`,
      `/${slugs.bookings}/1`,
      '/users/login',
      `/${slugs.bookings}/`,
    ]) {
      const { answer, read } = await postAtDoor(path, { name: 'x' }, admin.token)
      expect([path, answer, read]).toEqual([path, undefined, false])
    }
  })
})
