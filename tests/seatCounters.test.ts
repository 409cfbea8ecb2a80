/**
 * The event's seat counters as every reader sees them: seats of lapsed holds are available at once
 * (not only after the expiry job), and an editor saving an event never writes back a counter that
 * bookings have moved on from since the save read it.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { EXPIRE_HOLDS_TASK } from '../collections/Bookings/expireBookingHoldsTask'
import { slugs } from 'payload-events-cms'
import { verifyAuditChain } from 'payload-events-cms/audit'
import {
  ACCOUNT_TABLES,
  type Actor,
  activeSeats,
  createActors,
  createEvent,
  insertBookingRow,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { type TestApp, useTestApp } from './helpers/testApp'

type Seats = { seatsAvailable: number; seatsBooked: number }

describe('seat counters', () => {
  let admin: Actor
  let user: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  /** A paid event of 3 seats, all held by one pending booking. */
  const heldEvent = async (title = 'Lapsing Jazz Night') => {
    const event = await createEvent(app, { capacity: 3, price: 20, title })
    const response = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, seats: 3 },
      { token: user.token },
    )
    const { doc } = await json<{ doc: { id: string; status: string } }>(response)
    return { bookingId: doc.id, eventId: String(event.id), status: doc.status }
  }

  /** What a minute past the hold's end looks like: the booking and the event's marker move back. */
  const letHoldsLapse = async (eventId: string) => {
    await app.sql.query(
      `UPDATE bookings SET expires_at = expires_at - interval '1 hour' WHERE event_id = $1`,
      [eventId],
    )
    await app.sql.query(
      `UPDATE events SET next_hold_expiry = next_hold_expiry - interval '1 hour' WHERE id = $1`,
      [eventId],
    )
  }

  const seatsOf = (body: object): Seats => {
    const { seatsAvailable, seatsBooked } = body as Seats
    return { seatsAvailable, seatsBooked }
  }

  it('should mark when the first hold of an event may lapse', async () => {
    const { eventId, status } = await heldEvent()

    const { rows } = await app.sql.query<{ marker: Date; expires: Date }>(
      `SELECT e.next_hold_expiry AS marker, b.expires_at AS expires
       FROM events e JOIN bookings b ON b.event_id = e.id WHERE e.id = $1`,
      [eventId],
    )

    expect(status).toBe('pending')
    expect(rows[0]?.marker.getTime()).toBe(rows[0]?.expires.getTime())
  })

  it('should show the seats of lapsed holds as available in every read before the job runs', async () => {
    const { bookingId, eventId } = await heldEvent()
    await letHoldsLapse(eventId)
    const free = { seatsAvailable: 3, seatsBooked: 0 }

    const anonymous = await json(await app.rest.get(`/${slugs.events}/${eventId}?depth=0`))
    const signedIn = await json(
      await app.rest.get(`/${slugs.events}/${eventId}`, { token: admin.token }),
    )
    const list = await json<{ docs: object[] }>(await app.rest.get(`/${slugs.events}`))
    const search = await json<{ docs: object[] }>(
      await app.rest.get(`/${slugs.events}/search?q=lapsing`),
    )
    const booking = await json<{ event: object }>(
      await app.rest.get(`/${slugs.bookings}/${bookingId}?depth=1`, { token: user.token }),
    )
    const graphql = await json<{ data: { Events: { docs: Seats[] } } }>(
      await app.graphql('{ Events { docs { seatsAvailable seatsBooked } } }'),
    )

    expect(await seatsBooked(app, eventId)).toBe(3)
    expect([
      seatsOf(anonymous),
      seatsOf(signedIn),
      seatsOf(list.docs[0] ?? {}),
      seatsOf(search.docs[0] ?? {}),
      graphql.data.Events.docs[0],
    ]).toEqual([free, free, free, free, free])
    // A populated event carries its default fields, seatsBooked among them.
    expect(booking.event).toMatchObject({ seatsBooked: 0 })
  })

  it("should show a ticket type's lapsed holds as available, and count its live holds", async () => {
    const event = await createEvent(app, { capacity: 10, price: 20, title: 'Typed Night' })
    const typeResponse = await app.rest.post(
      `/${slugs.ticketTypes}`,
      { capacity: 5, event: event.id, name: 'Balcony', price: 20 },
      { token: admin.token },
    )
    const type = (await json<{ doc: { id: string } }>(typeResponse)).doc
    await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, lines: [{ quantity: 2, ticketType: type.id }] },
      { token: user.token },
    )
    const read = async () =>
      seatsOf(await json(await app.rest.get(`/${slugs.ticketTypes}/${type.id}?depth=0`)))

    const held = await read()
    await letHoldsLapse(String(event.id))
    const lapsed = await read()

    expect([held, lapsed]).toEqual([
      { seatsAvailable: 3, seatsBooked: 2 },
      { seatsAvailable: 5, seatsBooked: 0 },
    ])
  })

  it('should read a list without a query for holds while none can have lapsed', async () => {
    await heldEvent()

    queries.length = 0
    const list = await json<{ docs: object[] }>(
      await app.rest.get(`/${slugs.events}`, { token: admin.token }),
    )

    expect(seatsOf(list.docs[0] ?? {})).toEqual({ seatsAvailable: 0, seatsBooked: 3 })
    expect(queries.filter((query) => /from "?bookings"?/i.test(query))).toEqual([])
  })

  it('should expire a rush of lapsed holds at the first read that finds them, not sum them in every read', async () => {
    const event = await createEvent(app, { capacity: 200, price: 10, title: 'Flash Sale Night' })
    const eventId = String(event.id)
    for (let i = 0; i < 6; i++) {
      const held = await app.rest.post(
        `/${slugs.bookings}`,
        { event: eventId, seats: 10 },
        { token: user.token },
      )
      expect(held.status).toBe(201)
    }
    await letHoldsLapse(eventId)

    // The read answers at once with the seats free, and asks for the 60 lapsed seats to go.
    const read = await json(await app.rest.get(`/${slugs.events}/${eventId}?depth=0`))
    expect(seatsOf(read)).toEqual({ seatsAvailable: 200, seatsBooked: 0 })
    await vi.waitFor(async () => expect(await seatsBooked(app, eventId)).toBe(0), {
      interval: 50,
      timeout: 5000,
    })
    const { rows } = await app.sql.query<{ marker: Date | null; statuses: string[] }>(
      `SELECT e.next_hold_expiry AS marker,
              array_agg(DISTINCT b.status::text) AS statuses
         FROM events e JOIN bookings b ON b.event_id = e.id WHERE e.id = $1 GROUP BY e.id`,
      [eventId],
    )
    expect(rows).toEqual([{ marker: null, statuses: ['expired'] }])
    const audit = await app.sql.query(
      `SELECT count(*)::int AS n FROM audit_logs WHERE collection = 'bookings' AND action = 'update'
          AND changes->'status'->>'to' = 'expired'`,
    )
    expect(audit.rows[0]?.n).toBe(6)
    // A few lapsed seats are only summed (no write for them).
    const { eventId: small } = await heldEvent()
    await letHoldsLapse(small)
    await app.rest.get(`/${slugs.events}/${small}?depth=0`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await seatsBooked(app, small)).toBe(3)
  })

  it('should free lapsed holds with the job and move the marker to the next pending hold', async () => {
    const { eventId } = await heldEvent()
    await letHoldsLapse(eventId)

    await app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK })
    await app.payload.jobs.run({ queue: 'bookings' })

    const { rows } = await app.sql.query<{ marker: Date | null }>(
      'SELECT next_hold_expiry AS marker FROM events WHERE id = $1',
      [eventId],
    )
    expect([await seatsBooked(app, eventId), rows[0]?.marker]).toEqual([0, null])
  })

  it('should audit every hold the job expires, in one statement, on an unbroken chain', async () => {
    const held = [await heldEvent('Lapsing I'), await heldEvent('II'), await heldEvent('III')]
    for (const { eventId } of held) await letHoldsLapse(eventId)

    queries.length = 0
    await app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK })
    await app.payload.jobs.run({ queue: 'bookings' })

    const { rows } = await app.sql.query<{ id: string }>(
      `SELECT document_id AS id FROM audit_logs WHERE collection = 'bookings' AND action = 'update'
          AND changes->'status'->>'to' = 'expired' ORDER BY seq`,
    )
    expect(rows.map(({ id }) => id).sort()).toEqual(held.map(({ bookingId }) => bookingId).sort())
    expect(queries.filter((query) => query.includes('audit_logs_append'))).toHaveLength(1)
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
  })

  it('should keep bookings that commit while an editor saves the event', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0 })
    const holder = await app.sql.connect()
    try {
      // The save reads the event, then waits for the row while two seats are booked and committed.
      await holder.query('BEGIN')
      await holder.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [event.id])
      const save = app.rest.patch(
        `/${slugs.events}/${event.id}`,
        { title: 'Renamed while selling' },
        { token: admin.token },
      )
      await waitUntilBlocked(app)
      await holder.query('UPDATE events SET seats_booked = seats_booked + 2 WHERE id = $1', [
        event.id,
      ])
      await insertBookingRow(holder, { event: event.id, seats: 2, user: user.id })
      await holder.query('COMMIT')

      expect((await save).status).toBe(200)
    } finally {
      holder.release()
    }

    expect(await seatsBooked(app, event.id)).toBe(2)
    expect(await activeSeats(app, event.id)).toBe(2)
  })
})

/** Until some session of the app's database waits for a lock (the save behind the held row). */
const waitUntilBlocked = async (app: TestApp) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await app.sql.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    )
    if (rows.length > 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the save never waited for the event row')
}
