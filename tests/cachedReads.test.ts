/**
 * Anonymous reads answered from the public cache before Payload makes its request
 * (collections/Events/cachedReadsRoute.ts): a hit never reaches Payload's handler and is the
 * answer the plugin's endpoint gives (live seats included), with Payload's CORS headers; a miss,
 * credentials, another query or another path always does.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { cachedReadsRoute } from '../collections/Events/cachedReadsRoute'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createMedia,
  json,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

const BASE = 'http://localhost:3000/api'

describe('anonymous reads in front of Payload', () => {
  let user: Actor
  const queries: string[] = []
  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    ;({ user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  /** The front route alone, with a `next` that says whether Payload would have been asked. */
  const front = async (path: string, headers: Record<string, string> = {}) => {
    let passedOn = 0
    const route = cachedReadsRoute(app.payload.config, async () => {
      passedOn += 1
      return new Response('payload', { status: 299 })
    })
    const response = await route(new Request(`${BASE}${path}`, { headers }))
    return { passedOn, response }
  }

  it('should answer a cached event from the cache, with live seats and one statement', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0 })
    const path = `/${slugs.events}/${event.id}?depth=1`
    expect((await front(path)).passedOn).toBe(1) // nothing cached yet
    const throughPayload = await json<{ seatsBooked: number }>(await app.rest.get(path))
    await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 2 }, { token: user.token })

    queries.length = 0
    const { passedOn, response } = await front(path)
    const body = await json<{ seatsAvailable: number; seatsBooked: number }>(response)

    expect([passedOn, response.status, queries.length]).toEqual([0, 200, 1])
    expect(body).toEqual({ ...throughPayload, seatsAvailable: 8, seatsBooked: 2 })
  })

  it('should read the live seats of simultaneous event reads with one statement', async () => {
    const events = await Promise.all([1, 2, 3].map(() => createEvent(app, { capacity: 10 })))
    for (const event of events) await app.rest.get(`/${slugs.events}/${event.id}?depth=0`)
    await app.rest.post(
      `/${slugs.bookings}`,
      { event: events[1]?.id, seats: 3 },
      { token: user.token },
    )

    queries.length = 0
    const answers = await Promise.all(
      events.map((event) => front(`/${slugs.events}/${event.id}?depth=0`)),
    )
    const seats = await Promise.all(
      answers.map(
        async ({ response }) => (await json<{ seatsBooked: number }>(response)).seatsBooked,
      ),
    )

    expect(answers.map(({ passedOn }) => passedOn)).toEqual([0, 0, 0])
    expect([queries.length, seats]).toEqual([1, [0, 3, 0]])
  })

  it('should read simultaneous lists and event reads with one statement, seats as booked', async () => {
    const events = await Promise.all([1, 2].map(() => createEvent(app, { capacity: 10 })))
    const lists = [`/${slugs.events}?depth=0&limit=5`, `/${slugs.events}?depth=1&limit=5`]
    const single = `/${slugs.events}/${events[0]?.id}?depth=0`
    for (const path of [...lists, single]) await app.rest.get(path)
    await app.rest.post(
      `/${slugs.bookings}`,
      { event: events[0]?.id, seats: 4 },
      { token: user.token },
    )

    queries.length = 0
    const answers = await Promise.all([...lists, single].map((path) => front(path)))
    const bodies = await Promise.all(answers.map(({ response }) => json(response)))
    const seatsOf = (list: unknown) =>
      (list as { docs: { id: string; seatsAvailable: number; seatsBooked: number }[] }).docs
        .filter(({ id }) => id === events[0]?.id)
        .map(({ seatsAvailable, seatsBooked }) => [seatsBooked, seatsAvailable])

    expect(answers.map(({ passedOn }) => passedOn)).toEqual([0, 0, 0])
    expect(queries).toHaveLength(1)
    expect([seatsOf(bodies[0]), seatsOf(bodies[1])]).toEqual([[[4, 6]], [[4, 6]]])
    expect(bodies[2]).toMatchObject({ seatsAvailable: 6, seatsBooked: 4 })
  })

  it('should answer cached event and media lists, and leave everything else to Payload', async () => {
    const event = await createEvent(app)
    await createMedia(app)
    await app.rest.get(`/${slugs.events}?limit=5&depth=0`)
    await app.rest.get(`/${slugs.media}?limit=50`)

    const hits = [
      await front(`/${slugs.events}?depth=0&limit=5`), // parameter order does not matter
      await front(`/${slugs.media}?limit=50`),
    ]
    const passed = [
      await front(`/${slugs.events}?limit=6&depth=0`), // not cached
      await front(`/${slugs.events}?limit=5&depth=0`, { authorization: `JWT ${user.token}` }),
      await front(`/${slugs.events}/${event.id}?depth=1&draft=true`),
      await front(`/${slugs.events}/${event.id}?depth=1&depth=0`),
      await front(`/${slugs.events}/${event.id}/attendees`),
      await front(`/${slugs.bookings}`),
      await front(`/${slugs.events}/not-an-id?depth=1`),
    ]

    expect(hits.map(({ passedOn, response }) => [passedOn, response.status])).toEqual([
      [0, 200],
      [0, 200],
    ])
    expect(passed.map(({ passedOn }) => passedOn)).toEqual([1, 1, 1, 1, 1, 1, 1])
  })

  it('should answer an anonymous search in front of Payload, a warm one in one statement', async () => {
    await createEvent(app, { capacity: 10, title: 'Harbour Jazz' })
    const path = `/${slugs.events}/search?q=jazz&depth=0`
    const throughPayload = await json(await app.rest.get(path))

    queries.length = 0
    const { passedOn, response } = await front(path)
    const refused = [
      await front(`/${slugs.events}/search?depth=0`), // no query: Payload's 400
      await front(`/${slugs.events}/search?q=jazz&q=rock`),
      await front(`/${slugs.events}/search?q=jazz&depth=2`),
      await front(`/${slugs.events}/search?q=jazz&sort=title`),
    ]

    expect([passedOn, response.status, queries.length]).toEqual([0, 200, 1])
    expect(await json(response)).toEqual(throughPayload)
    expect(refused.map((answer) => answer.passedOn)).toEqual([1, 1, 1, 1])
  })

  it('should add the CORS headers Payload adds', async () => {
    const event = await createEvent(app)
    const path = `/${slugs.events}/${event.id}?depth=0`
    const origin = { origin: 'https://elsewhere.example' }
    const { config } = app.payload
    const before = config.cors
    config.cors = [origin.origin]
    const payloads = await app.rest.get(path, { headers: origin })
    const { passedOn, response } = await front(path, origin).finally(() => {
      config.cors = before
    })

    expect(response.headers.get('access-control-allow-origin')).toBe(origin.origin)
    expect(passedOn).toBe(0)
    for (const name of [
      'access-control-allow-origin',
      'access-control-allow-methods',
      'content-type',
    ]) {
      expect([name, response.headers.get(name)]).toEqual([name, payloads.headers.get(name)])
    }
  })
})
