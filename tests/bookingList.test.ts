/**
 * GET /api/bookings?depth=0|1 for a signed-in client in one statement (bookingListEndpoint): the
 * answer must be exactly Payload's own for the same request and access. Payload's answer is had
 * with `where[id][exists]=true` (every booking), which the fast list leaves to Payload's handler.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { type Actor, createActors, createEvent, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

/** A filter that keeps every booking: the fast list leaves it to Payload's own handler. */
const PAYLOADS = 'where[id][exists]=true'

describe('bookings list in one statement', () => {
  let actors: Awaited<ReturnType<typeof createActors>>
  let user: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  let typed: { id: number | string }

  beforeAll(async () => {
    actors = await createActors(app)
    user = actors.user
    const free = await createEvent(app, { capacity: 50, price: 0 })
    const paid = await createEvent(app, { capacity: 50, price: 19.9 })
    typed = await createEvent(app, { capacity: 50, organizer: actors.organizer.id, price: 30 })
    const typeOf = async (data: Record<string, unknown>) =>
      (
        await json<{ doc: { id: string } }>(
          await app.rest.post(
            `/${slugs.ticketTypes}`,
            { event: typed.id, name: 'Standard', price: 30, ...data },
            { token: actors.organizer.token },
          ),
        )
      ).doc
    const early = await typeOf({ name: 'Early bird', price: 19.9 })
    const hidden = await typeOf({ hidden: true, name: 'Friends' })
    for (const [i, booker] of [user, user, actors.otherUser, user, actors.otherUser].entries()) {
      await app.rest.post(
        `/${slugs.bookings}`,
        { event: i % 2 ? paid.id : free.id, idempotencyKey: `k-${i}`, seats: 1 + (i % 3) },
        { token: booker.token },
      )
    }
    await app.rest.post(
      `/${slugs.bookings}`,
      { event: free.id, seats: 1, user: user.id },
      {
        token: actors.admin.token,
      },
    )
    // Two types on one line each, one of them hidden (the customer cannot read it).
    await app.rest.post(
      `/${slugs.bookings}`,
      {
        event: typed.id,
        lines: [
          { quantity: 2, ticketType: early.id },
          { quantity: 1, ticketType: hidden.id },
        ],
      },
      { token: actors.admin.token },
    )
    await app.sql.query(`UPDATE bookings SET user_id = $1 WHERE event_id = $2`, [user.id, typed.id])
    // Distinct creation times: Payload's default sort has no tie-breaker.
    await app.sql.query(
      `UPDATE bookings b SET created_at = created_at - n * interval '1 second'
       FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM bookings) o WHERE b.id = o.id`,
    )
  })

  const both = async (query: string, token: string) => {
    queries.length = 0
    const fast = await app.rest.get(`/${slugs.bookings}?${query}`, { token })
    const fastStatements = queries.length
    queries.length = 0
    const payloads = await app.rest.get(`/${slugs.bookings}?${query}&${PAYLOADS}`, { token })
    return {
      fast: await json(fast),
      fastStatements,
      payloads: await json(payloads),
      payloadsStatements: queries.length,
      statuses: [fast.status, payloads.status],
    }
  }

  it.each([
    ['a customer', 'user', 'depth=0'],
    ['a customer, second page of two', 'user', 'depth=0&limit=2&page=2'],
    ['a customer, past the last page', 'user', 'depth=0&page=9'],
    ['an admin', 'admin', 'depth=0&limit=100'],
    ['a customer, newest first by name', 'user', 'depth=0&sort=-createdAt'],
    ['a customer at depth 1 (events, account, ticket types)', 'user', 'depth=1'],
    ['a customer at depth 1, second page', 'user', 'depth=1&limit=2&page=2&sort=-createdAt'],
    ['an admin at depth 1 (left to Payload)', 'admin', 'depth=1&limit=100'],
  ] as const)('should answer %s exactly as Payload does', async (_, who, query) => {
    const { fast, payloads, statuses } = await both(query, actors[who].token)

    expect(statuses, JSON.stringify(fast).slice(0, 300)).toEqual([200, 200])
    expect(fast).toEqual(payloads)
  })

  it('should cost one statement, where Payload needs more', async () => {
    // The account behind the token is remembered after its first request (rememberSignedIn).
    await app.rest.get(`/${slugs.bookings}?depth=0`, { token: user.token })
    const { fast, fastStatements, payloadsStatements } = await both('depth=0', user.token)

    expect((fast as { docs: unknown[] }).docs.length).toBeGreaterThan(0)
    // The page with its total, and nothing else.
    expect(fastStatements).toBe(1)
    expect(payloadsStatements).toBeGreaterThan(fastStatements)
  })

  it("should populate a customer's page at depth 1 from the cache in one statement", async () => {
    await app.rest.get(`/${slugs.bookings}?depth=1&limit=3`, { token: user.token })
    queries.length = 0
    const page = await json<{ docs: { event: { seatsBooked: number; title: string } }[] }>(
      await app.rest.get(`/${slugs.bookings}?depth=1&limit=3`, { token: user.token }),
    )

    // The page, its total and the events' live seats; the events themselves from the cache.
    expect(queries).toHaveLength(1)
    expect(page.docs.map(({ event }) => typeof event.title)).toEqual(['string', 'string', 'string'])
  })

  it('should show a booking made since in the seats of a cached event at depth 1', async () => {
    const first = await json<{ docs: { event: { id: string; seatsBooked: number } }[] }>(
      await app.rest.get(`/${slugs.bookings}?depth=1&limit=1`, { token: user.token }),
    )
    const event = first.docs[0]?.event
    await app.rest.post(
      `/${slugs.bookings}`,
      { event: event?.id, seats: 1 },
      { token: actors.otherUser.token },
    )
    const { fast, payloads } = await both('depth=1&limit=1', user.token)

    expect((fast as typeof first).docs[0]?.event.seatsBooked).toBe((event?.seatsBooked ?? 0) + 1)
    expect(fast).toEqual(payloads)
  })

  it("should show ticket types' changes and live seats at depth 1, from the cache", async () => {
    const query = `depth=1&limit=100`
    await both(query, user.token) // warm
    const { docs } = await app.payload.find({
      collection: slugs.ticketTypes,
      where: { name: { equals: 'Early bird' } },
    })
    const early = docs[0]
    await app.payload.update({
      collection: slugs.ticketTypes,
      data: { description: 'Until Friday' },
      id: String(early?.id),
    })
    await app.rest.get(`/${slugs.bookings}?${query}`, { token: user.token }) // reloads them
    // A booking moves the seats and clears nothing.
    await app.rest.post(
      `/${slugs.bookings}`,
      { event: typed.id, lines: [{ quantity: 3, ticketType: early?.id }] },
      { token: actors.otherUser.token },
    )

    queries.length = 0
    const fast = await app.rest.get(`/${slugs.bookings}?${query}`, { token: user.token })
    const statements = queries.length
    const { payloads } = await both(query, user.token)
    const body = await json<{ docs: { lines: { ticketType: unknown }[] }[] }>(fast)
    const types = body.docs.flatMap(({ lines }) => lines.map(({ ticketType }) => ticketType))

    expect(body).toEqual(payloads)
    expect(types).toContainEqual(expect.objectContaining({ description: 'Until Friday' }))
    // The page, with the live seats of its events and of its lines' ticket types.
    expect(statements).toBe(1)
  })

  it('should leave a page with an event the customer cannot read to Payload', async () => {
    await app.payload.update({ collection: slugs.events, data: { status: 'draft' }, id: typed.id })
    try {
      const { fast, payloads, statuses } = await both('depth=1&limit=100', user.token)

      expect(statuses).toEqual([200, 200])
      expect(fast).toEqual(payloads)
    } finally {
      await app.payload.update({
        collection: slugs.events,
        data: { status: 'published' },
        id: typed.id,
      })
    }
  })

  it('should answer with the headers Payload would send a signed-in reader', async () => {
    const fast = await app.rest.get(`/${slugs.bookings}?depth=0`, { token: user.token })
    const payloads = await app.rest.get(`/${slugs.bookings}?depth=0&${PAYLOADS}`, {
      token: user.token,
    })

    for (const name of ['cache-control', 'content-type']) {
      expect([name, fast.headers.get(name)]).toEqual([name, payloads.headers.get(name)])
    }
    expect(fast.headers.get('cache-control')).toBe('private, no-store')
  })

  it("should read a customer's page through the index for any owner (generic plan)", async () => {
    queries.length = 0
    await app.rest.get(`/${slugs.bookings}?depth=0`, { token: user.token })
    const [statement] = queries
    const client = await app.sql.connect()
    try {
      // A prepared statement's generic plan is the one used for every owner after a few calls:
      // it must not scan the whole table (seq scans off, so any index the query allows is taken).
      await client.query('SET enable_seqscan = off')
      await client.query('SET plan_cache_mode = force_generic_plan')
      await client.query(`PREPARE owner_page AS ${statement}`)
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) EXECUTE owner_page('${user.id}', 10, 0)`,
      )
      expect(JSON.stringify(rows[0]?.['QUERY PLAN'])).not.toContain('Seq Scan')
    } finally {
      await client.query('DEALLOCATE ALL; RESET ALL')
      client.release()
    }
  })

  it("should leave an organizer's wider view to Payload, with the same answer", async () => {
    const { fast, payloads, statuses } = await both('depth=0', actors.organizer.token)

    expect(statuses).toEqual([200, 200])
    expect(fast).toEqual(payloads)
  })
})
