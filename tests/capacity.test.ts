import { beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { activeSeats, createEvent, seatsBooked } from './helpers/fixtures'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

const CAPACITY = 100
const REQUESTS = 320
const USERS = 40

describe('capacity under concurrency', () => {
  let statuses: number[]
  let eventId: string
  let users: Awaited<ReturnType<typeof createUserAndLogin>>[]
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    // Accounts in batches: 40 password hashes at once hold pooled connections past the pool's
    // 5 s wait (the app would rightly answer 503); the bookings below are what runs at once.
    users = []
    for (let batch = 0; batch < USERS; batch += 8) {
      users.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            createUserAndLogin(app, { email: `fan${batch + i}@example.com` }),
          ),
        )),
      )
    }
    const event = await createEvent(app, { capacity: CAPACITY, price: 12.5 })
    eventId = event.id

    // All requests start together; each books one seat through the real REST route handler.
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        app.rest.post(
          `/${slugs.bookings}`,
          { event: eventId, seats: 1 },
          { token: users[i % USERS]?.token },
        ),
      ),
    )
    statuses = responses.map((response) => response.status)
  })

  it('should accept exactly as many bookings as there are seats', () => {
    expect(statuses.filter((status) => status === 201)).toHaveLength(CAPACITY)
  })

  it('should refuse every other request with 409 and never with a 5xx', () => {
    expect(statuses.filter((status) => status === 409)).toHaveLength(REQUESTS - CAPACITY)
  })

  it('should keep the counter equal to the seats of active bookings', async () => {
    expect(await seatsBooked(app, eventId)).toBe(CAPACITY)
    expect(await activeSeats(app, eventId)).toBe(CAPACITY)
  })

  it('should have the database refuse an oversell that skips the hooks', async () => {
    await expect(
      app.sql.query('UPDATE events SET seats_booked = seats_booked + 1 WHERE id = $1', [eventId]),
    ).rejects.toThrow(/events_seats_booked_bounds/)
  })

  it('should answer bookings that waited behind a sold-out claim without a claim of their own', async () => {
    // The event's row is held, so 4 claims (bookings.claimsPerEvent) wait on it and the other 12
    // bookings wait in the event's lane; once those 4 see "sold out", the 12 already have their answer.
    const holder = await app.sql.connect()
    await holder.query('BEGIN')
    await holder.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [eventId])
    queries.length = 0
    let waiting: Promise<Response[]> | undefined
    try {
      waiting = Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          app.rest.post(
            `/${slugs.bookings}`,
            { event: eventId, seats: 1 },
            { token: users[i]?.token },
          ),
        ),
      )
      await new Promise((resolve) => setTimeout(resolve, 500))
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
    const answers = await Promise.all(
      ((await waiting) ?? []).map(async (response) => ({
        message: ((await response.json()) as { errors?: { message: string }[] }).errors?.[0]
          ?.message,
        status: response.status,
      })),
    )
    expect(answers).toEqual(
      Array(16).fill({ message: 'This event is sold out: 0 seats remain.', status: 409 }),
    )
    expect(queries.filter((query) => query.includes('WITH lapsed AS'))).toHaveLength(4)
  })
})
