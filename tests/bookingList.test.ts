/**
 * GET /api/bookings?depth=0 for a signed-in client in one statement (bookingListEndpoint): the
 * answer must be exactly Payload's own for the same request and access. Payload's answer is had
 * with `sort=-createdAt` (its default sort), which the fast list leaves to Payload's handler.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { type Actor, createActors, createEvent, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

describe('bookings list in one statement', () => {
  let actors: Awaited<ReturnType<typeof createActors>>
  let user: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    actors = await createActors(app)
    user = actors.user
    const free = await createEvent(app, { capacity: 50, price: 0 })
    const paid = await createEvent(app, { capacity: 50, price: 19.9 })
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
    const payloads = await app.rest.get(`/${slugs.bookings}?${query}&sort=-createdAt`, { token })
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
  ] as const)('should answer %s exactly as Payload does', async (_, who, query) => {
    const { fast, payloads, statuses } = await both(query, actors[who].token)

    expect(statuses).toEqual([200, 200])
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

  it('should answer with the headers Payload would send a signed-in reader', async () => {
    const fast = await app.rest.get(`/${slugs.bookings}?depth=0`, { token: user.token })
    const payloads = await app.rest.get(`/${slugs.bookings}?depth=0&sort=-createdAt`, {
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
