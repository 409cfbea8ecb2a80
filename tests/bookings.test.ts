import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Booking } from '../payload-types'
import { EXPIRE_HOLDS_TASK } from '../collections/Bookings/expireBookingHoldsTask'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  activeSeats,
  createActors,
  createEvent,
  DAY,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type DocResponse = { doc: Booking; message: string }
type ErrorResponse = { errors: { data?: Record<string, unknown>; message: string }[] }

describe('bookings', () => {
  let user: Actor
  let otherUser: Actor
  let admin: Actor

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, otherUser, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  /** Origins of the audit rows recording holds that lapsed to `expired`. */
  const expiryAuditOrigins = async () =>
    (
      await app.sql.query<{ origin: string }>(
        `SELECT origin FROM audit_logs
         WHERE collection = 'bookings' AND changes->'status'->>'to' = 'expired' ORDER BY seq`,
      )
    ).rows.map(({ origin }) => origin)

  const book = (body: Record<string, unknown>, actor: Actor = user) =>
    app.rest.post(`/${slugs.bookings}`, body, { token: actor.token })

  it('should book seats and snapshot price, currency and contact details', async () => {
    const event = await createEvent(app, { currency: 'EUR', price: 19.99 })

    const response = await book({ event: event.id, seats: 3 })

    expect(response.status).toBe(201)
    const { doc } = await json<DocResponse>(response)
    expect(doc).toMatchObject({
      contactSnapshot: { email: 'ana@example.com', name: 'Ana User' },
      currency: 'EUR',
      seats: 3,
      status: 'pending',
      totalPrice: 59.97,
      unitPrice: 19.99,
    })
    expect(await seatsBooked(app, event.id)).toBe(3)
  })

  it('should confirm bookings for free events at once', async () => {
    const event = await createEvent(app, { price: 0 })

    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 2 }))

    expect(doc).toMatchObject({ expiresAt: null, status: 'confirmed', totalPrice: 0 })
  })

  it('should keep the booked price when the event price changes later', async () => {
    const event = await createEvent(app, { price: 10 })
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 2 }))

    await app.payload.update({ collection: slugs.events, data: { price: 99 }, id: event.id })
    const reread = await app.payload.findByID({ collection: slugs.bookings, id: doc.id })

    expect(reread).toMatchObject({ totalPrice: 20, unitPrice: 10 })
  })

  it('should ignore snapshots, status and owner sent by the client', async () => {
    const event = await createEvent(app, { price: 30 })

    const { doc } = await json<DocResponse>(
      await book({
        event: event.id,
        seats: 1,
        status: 'confirmed',
        totalPrice: 0,
        unitPrice: 0,
        user: otherUser.id,
      }),
    )

    expect(doc).toMatchObject({ status: 'pending', totalPrice: 30, unitPrice: 30 })
    expect(typeof doc.user === 'object' ? doc.user?.id : doc.user).toBe(user.id)
  })

  it('should answer 409 with the seats that remain when there are not enough', async () => {
    const event = await createEvent(app, { capacity: 5 })
    await book({ event: event.id, seats: 4 })

    const response = await book({ event: event.id, seats: 2 }, otherUser)

    expect(response.status).toBe(409)
    const body = await json<ErrorResponse>(response)
    expect(body.errors[0]?.message).toBe('Not enough seats: you asked for 2 but only 1 remain.')
    expect(body.errors[0]?.data).toMatchObject({ remaining: 1, requested: 2 })
  })

  it.each([
    [0, 'Seats must be a whole number of at least 1.'],
    [1.5, 'Seats must be a whole number of at least 1.'],
    [11, 'At most 10 seats can be booked at once.'],
  ])('should refuse %s seats with 400', async (seats, message) => {
    const event = await createEvent(app)

    const response = await book({ event: event.id, seats })

    expect(response.status).toBe(400)
    expect((await json<ErrorResponse>(response)).errors[0]?.message).toBe(message)
  })

  it.each([
    [{ status: 'draft' as const }, 'This event is not open for booking (status: draft).'],
    [{ status: 'cancelled' as const }, 'This event is not open for booking (status: cancelled).'],
    [
      {
        endDate: new Date(Date.now() - DAY + 3_600_000).toISOString(),
        startDate: new Date(Date.now() - DAY).toISOString(),
      },
      'This event has already started; it can no longer be booked.',
    ],
  ])('should refuse an event that is not bookable (%o) with 409', async (eventData, message) => {
    const event = await createEvent(app, eventData)

    const response = await book({ event: event.id, seats: 1 }, admin)

    expect(response.status).toBe(409)
    expect((await json<ErrorResponse>(response)).errors[0]?.message).toBe(message)
  })

  it.each([
    [{ seats: 1 }, 'Choose the event to book ("event").'],
    [{ event: 'not-a-uuid', seats: 1 }, '"not-a-uuid" is not an event id.'],
  ])('should refuse a booking without a valid event (%o) with 400', async (body, message) => {
    const response = await book(body)

    expect(response.status).toBe(400)
    expect((await json<ErrorResponse>(response)).errors[0]?.message).toBe(message)
  })

  it('should refuse a body that is not a JSON object with 400', async () => {
    const response = await app.rest.post(`/${slugs.bookings}`, ['event', 'seats'], {
      token: user.token,
    })

    expect(response.status).toBe(400)
  })

  it('should answer 404 for an event that does not exist', async () => {
    const response = await book({ event: '00000000-0000-4000-8000-000000000000', seats: 1 })

    expect(response.status).toBe(404)
  })

  it('should refuse anonymous bookings with 401', async () => {
    const event = await createEvent(app)

    const response = await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 })

    expect(response.status).toBe(401)
  })

  it('should return the same booking for a repeated idempotencyKey without taking more seats', async () => {
    const event = await createEvent(app)
    const first = await json<DocResponse>(
      await book({ event: event.id, idempotencyKey: 'k-1', seats: 2 }),
    )

    const again = await book({ event: event.id, idempotencyKey: 'k-1', seats: 2 })

    expect(again.status).toBe(200)
    expect((await json<DocResponse>(again)).doc.id).toBe(first.doc.id)
    expect(await seatsBooked(app, event.id)).toBe(2)
  })

  it('should treat an empty idempotencyKey as none', async () => {
    const event = await createEvent(app)

    const first = await book({ event: event.id, idempotencyKey: '', seats: 1 })
    const second = await book({
      event: event.id,
      idempotencyKey: '',
      seats: 1,
      status: 'confirmed',
    })

    expect([first.status, second.status]).toEqual([201, 201])
    expect(await seatsBooked(app, event.id)).toBe(2)
  })

  it('should book once when the same idempotencyKey races', async () => {
    const event = await createEvent(app)

    const responses = await Promise.all(
      Array.from({ length: 8 }, () => book({ event: event.id, idempotencyKey: 'race', seats: 1 })),
    )
    const ids = new Set(
      await Promise.all(responses.map(async (r) => (await json<DocResponse>(r)).doc.id)),
    )

    expect(ids.size).toBe(1)
    expect(await seatsBooked(app, event.id)).toBe(1)
  })

  it('should let the same idempotencyKey be used by different users', async () => {
    const event = await createEvent(app)

    await book({ event: event.id, idempotencyKey: 'shared', seats: 1 })
    const response = await book({ event: event.id, idempotencyKey: 'shared', seats: 1 }, otherUser)

    expect(response.status).toBe(201)
  })

  it('should free the seats when the owner cancels', async () => {
    const event = await createEvent(app)
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 4 }))

    const response = await app.rest.patch(
      `/${slugs.bookings}/${doc.id}`,
      { status: 'cancelled' },
      { token: user.token },
    )

    expect(response.status).toBe(200)
    expect(await seatsBooked(app, event.id)).toBe(0)
  })

  it('should free the seats once when two cancels race', async () => {
    const event = await createEvent(app)
    await book({ event: event.id, seats: 1 }, otherUser)
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 3 }))

    const results = await Promise.all(
      [1, 2, 3].map(() =>
        app.rest.patch(
          `/${slugs.bookings}/${doc.id}`,
          { status: 'cancelled' },
          { token: user.token },
        ),
      ),
    )

    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(await seatsBooked(app, event.id)).toBe(1)
  })

  it('should refuse to reopen a cancelled booking', async () => {
    const event = await createEvent(app)
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 1 }))
    await app.rest.patch(
      `/${slugs.bookings}/${doc.id}`,
      { status: 'cancelled' },
      { token: user.token },
    )

    const response = await app.rest.patch(
      `/${slugs.bookings}/${doc.id}`,
      { status: 'confirmed' },
      { token: admin.token },
    )

    expect(response.status).toBe(409)
  })

  it('should let only admins confirm a pending booking', async () => {
    const event = await createEvent(app)
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 1 }))

    const byOwner = await app.rest.patch(
      `/${slugs.bookings}/${doc.id}`,
      { status: 'confirmed' },
      { token: user.token },
    )
    const byAdmin = await app.rest.patch(
      `/${slugs.bookings}/${doc.id}`,
      { status: 'confirmed' },
      { token: admin.token },
    )

    expect([byOwner.status, byAdmin.status]).toEqual([403, 200])
    expect((await json<DocResponse>(byAdmin)).doc).toMatchObject({
      expiresAt: null,
      status: 'confirmed',
    })
  })

  it('should refuse to change the seats of a booking', async () => {
    const event = await createEvent(app)
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 1 }))

    const response = await app.rest.patch(
      `/${slugs.bookings}/${doc.id}`,
      { seats: 5 },
      { token: admin.token },
    )

    expect(response.status).toBe(400)
    expect(await seatsBooked(app, event.id)).toBe(1)
  })

  it('should count lapsed holds as free seats at once', async () => {
    const event = await createEvent(app, { capacity: 2 })
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 2 }))
    await app.sql.query(
      `UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [doc.id],
    )

    const response = await book({ event: event.id, seats: 2 }, otherUser)

    expect(response.status).toBe(201)
    expect(await seatsBooked(app, event.id)).toBe(2)
    expect(await activeSeats(app, event.id)).toBe(2)
    expect(await expiryAuditOrigins()).toEqual(['rest'])
  })

  it('should expire lapsed holds with the queued job exactly once', async () => {
    const event = await createEvent(app)
    await book({ event: event.id, seats: 2 })
    await book({ event: event.id, seats: 3 }, otherUser)
    await app.sql.query(
      `UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE seats = 2`,
    )

    for (const _ of [1, 2]) {
      await app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK })
      await app.payload.jobs.run({ queue: 'bookings' })
    }

    const { rows } = await app.sql.query<{ status: string }>(
      `SELECT status FROM bookings ORDER BY seats`,
    )
    expect(rows.map(({ status }) => status)).toEqual(['expired', 'pending'])
    expect(await seatsBooked(app, event.id)).toBe(3)
    expect(await expiryAuditOrigins()).toEqual(['job'])
  })
})
