/**
 * The app behind PgBouncer in transaction mode (Debian's PgBouncer 1.18, which loses named
 * prepared statements between transactions): bookings (the one-statement fast path and the full
 * create), cached and uncached reads, GraphQL and writes work; the cache listener holds its LISTEN
 * on a direct connection. Without being told about the pooler, the app finds out by itself the
 * first time a named statement goes missing. CI installs the package; elsewhere the suite says it
 * is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { cacheMode } from 'payload-events-cms/platform'
import { type Actor, createActors, createEvent, json } from './helpers/fixtures'
import { hasPgbouncer, type Pgbouncer, startPgbouncer } from './helpers/pgbouncer'
import { createTestApp, type TestApp, useTestApp } from './helpers/testApp'

const waitFor = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !check()) await new Promise((resolve) => setTimeout(resolve, 25))
  return check()
}

describe.skipIf(!hasPgbouncer())('behind PgBouncer in transaction mode', () => {
  let bouncer: Pgbouncer
  let user: Actor
  let admin: Actor

  const throughBouncer = async (direct: string) => {
    const { hostname, port } = new URL(direct)
    bouncer ??= await startPgbouncer({ host: hostname, port: Number(port) })
    return bouncer.url(direct)
  }

  const app = useTestApp(() => ({
    connectVia: throughBouncer,
    // The LISTEN needs a session of its own: the server directly, not the pooler.
    plugin: (direct) => ({
      cache: { listen: { url: direct } },
      database: { pooler: 'transaction' },
    }),
  }))

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
  })

  afterAll(async () => {
    await app?.destroy()
    await bouncer?.stop()
  })

  const bookConcurrently = async (target: TestApp, eventId: string, token: string, count: number) =>
    (
      await Promise.all(
        Array.from({ length: count }, () =>
          target.rest.post(`/${slugs.bookings}`, { event: eventId, seats: 1 }, { token }),
        ),
      )
    ).map(({ status }) => status)

  it('should never oversell through the one-statement fast path', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0 })

    const statuses = await bookConcurrently(app, String(event.id), user.token, 30)

    expect(statuses.filter((status) => status === 201)).toHaveLength(10)
    expect(statuses.filter((status) => status === 409)).toHaveLength(20)
  })

  it('should read, write and book through the full create and GraphQL', async () => {
    const event = await createEvent(app, { capacity: 5, price: 12 })

    const onBehalf = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, seats: 2, user: user.id },
      { token: admin.token },
    )
    const cached = await json<{ seatsBooked: number }>(
      await app.rest.get(`/${slugs.events}/${event.id}?depth=0`),
    )
    const list = await app.rest.get(`/${slugs.events}?limit=5`)
    const graphql = await json<{ data: { Events: { docs: unknown[] } } }>(
      await app.graphql('{ Events { docs { id seatsAvailable } } }'),
    )
    const venue = await app.rest.post(
      `/${slugs.venues}`,
      { address: { city: 'Bonn' }, capacity: 100, name: 'Pooled Hall' },
      { token: admin.token },
    )

    expect([onBehalf.status, list.status, venue.status]).toEqual([201, 200, 201])
    expect(cached.seatsBooked).toBe(2)
    expect(graphql.data.Events.docs.length).toBeGreaterThan(0)
  })

  it('should listen for other instances on a direct connection', async () => {
    expect(await waitFor(() => cacheMode(app.payload) === 'listening')).toBe(true)
  })

  it('should find out by itself that it is behind a pooler, without failing a booking', async () => {
    const unaware = await createTestApp({
      connectVia: (url) => bouncer.url(url),
      plugin: { cache: { listen: false } },
    })
    try {
      const { token } = await createActors(unaware).then(({ otherUser }) => otherUser)
      const event = await createEvent(unaware, { capacity: 40, price: 0 })

      const statuses = await bookConcurrently(unaware, String(event.id), token, 40)

      expect(statuses.filter((status) => status === 201)).toHaveLength(40)
    } finally {
      await unaware.destroy()
    }
  })
})
