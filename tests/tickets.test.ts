/**
 * Ticket types, bookings of several lines, one ticket per seat with a secret code, and check-in at
 * the door: what an organizer sells and what the door lets in, enforced by PostgreSQL where it
 * counts (type capacity, one admission per ticket).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { migrations } from '../migrations/index'
import { appMigrations } from '../scripts/lib/appMigrations'

import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  firstErrorMessage,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { searchDatabase } from './helpers/searchDatabase'
import { createTestApp, createUserAndLogin, type TestApp, useTestApp } from './helpers/testApp'

type Booked = {
  doc: {
    id: string
    lines: { name: string; quantity: number; ticketType: null | string; unitPrice: number }[]
    reference: string
    seats: number
    status: string
    totalPrice: number
    unitPrice: null | number
  }
}
type Tickets = {
  booking: { reference: string }
  tickets: {
    code?: string
    id: string
    qr?: { png: string; svg: string }
    ticketType: null | { name: string }
  }[]
}
type Scan = {
  admittedAt?: string
  errors?: { data: { admittedAt: null | string; reason: string }; message: string }[]
  message?: string
  result?: string
}

describe('tickets', () => {
  let admin: Actor
  let organizer: Actor
  let otherOrganizer: Actor
  let user: Actor
  let otherUser: Actor

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, organizer, otherOrganizer, otherUser, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  /** Starting in an hour: its doors are open for check-in. */
  const soon = () => ({
    endDate: new Date(Date.now() + 7_200_000).toISOString(),
    startDate: new Date(Date.now() + 3_600_000).toISOString(),
  })

  const eventOf = (data: Parameters<typeof createEvent>[1] = {}) =>
    createEvent(app, { capacity: 100, organizer: organizer.id, price: 30, ...data })

  const typeOf = async (event: string, data: Record<string, unknown>) => {
    const response = await app.rest.post(
      `/${slugs.ticketTypes}`,
      { event, name: 'Standard', price: 30, ...data },
      { token: organizer.token },
    )
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(201)
    return (await json<{ doc: { accessCode?: string; id: string } }>(response)).doc
  }

  const book = (body: Record<string, unknown>, token = user.token) =>
    app.rest.post(`/${slugs.bookings}?depth=0`, body, { token })

  const typeCounter = async (id: string) =>
    Number(
      (await app.sql.query(`SELECT seats_booked FROM ticket_types WHERE id = $1`, [id])).rows[0]
        ?.seats_booked,
    )

  const ticketsOf = async (booking: string, token = user.token) =>
    app.rest.get(`/${slugs.bookings}/${booking}/tickets`, { token })

  const scan = (body: Record<string, unknown>, token = organizer.token) =>
    app.rest.post(`/${slugs.checkIns}`, body, { token })

  describe('ticket types', () => {
    it('should let an organizer sell types on their own events only', async () => {
      const own = await eventOf()
      const theirs = await createEvent(app, { organizer: otherOrganizer.id })

      const refused = await app.rest.post(
        `/${slugs.ticketTypes}`,
        { event: theirs.id, name: 'Sneaky', price: 1 },
        { token: organizer.token },
      )
      await typeOf(String(own.id), { name: 'Early bird', price: 20 })

      expect(refused.status).toBe(403)
      expect(await firstErrorMessage(refused)).toMatch(/your own events/)
    })

    it('should keep hidden types out of public reads and give them an access code', async () => {
      const event = await eventOf()
      await typeOf(String(event.id), { name: 'Public' })
      const hidden = await typeOf(String(event.id), { hidden: true, name: 'Friends' })

      const anonymous = await json<{ docs: { name: string }[] }>(
        await app.rest.get(`/${slugs.ticketTypes}?where[event][equals]=${event.id}`),
      )

      expect(anonymous.docs.map(({ name }) => name)).toEqual(['Public'])
      expect(hidden.accessCode).toMatch(/^[A-Z2-9]{10}$/)
    })

    it('should refuse a capacity below what is sold, and deleting a type that sold', async () => {
      const event = await eventOf()
      const type = await typeOf(String(event.id), { capacity: 10 })
      expect(
        (await book({ event: event.id, lines: [{ quantity: 3, ticketType: type.id }] })).status,
      ).toBe(201)

      const lowered = await app.rest.patch(
        `/${slugs.ticketTypes}/${type.id}`,
        { capacity: 2 },
        { token: organizer.token },
      )
      const deleted = await app.rest.delete(`/${slugs.ticketTypes}/${type.id}`, {
        token: organizer.token,
      })

      expect(lowered.status).toBe(409)
      expect(deleted.status).toBe(409)
      await expect(
        app.sql.query('DELETE FROM ticket_types WHERE id = $1', [type.id]),
      ).rejects.toThrow(/foreign key/)
    })

    it('should have PostgreSQL keep a type within its capacity', async () => {
      const event = await eventOf()
      const type = await typeOf(String(event.id), { capacity: 2 })

      await expect(
        app.sql.query('UPDATE ticket_types SET seats_booked = 3 WHERE id = $1', [type.id]),
      ).rejects.toThrow('ticket_types_seats_booked_bounds')
    })
  })

  describe('bookings of several lines', () => {
    it('should have PostgreSQL refuse a booking whose lines or tickets do not add up', async () => {
      const event = await eventOf({ price: 0 })
      const other = await eventOf()
      const elsewhere = await typeOf(String(other.id), { name: 'Elsewhere' })
      const { doc } = await json<Booked>(await book({ event: event.id, seats: 2 }))
      const oneTicket = `DELETE FROM tickets WHERE id = (SELECT id FROM tickets WHERE booking_id = $1 LIMIT 1)`
      const renameLines = `UPDATE bookings_lines SET name = 'Renamed' WHERE _parent_id = $1`
      const client = await app.sql.connect()
      const transaction = async (...statements: string[]) => {
        await client.query('BEGIN')
        try {
          for (const text of statements) {
            await client.query(text, text.includes('$1') ? [doc.id] : [])
          }
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
      const refusals = []
      try {
        for (const [text, values] of [
          ['UPDATE bookings SET seats = 3 WHERE id = $1', [doc.id]],
          [oneTicket, [doc.id]],
          [
            'UPDATE bookings_lines SET ticket_type_id = $2 WHERE _parent_id = $1',
            [doc.id, elsewhere.id],
          ],
          ['DELETE FROM bookings_lines WHERE _parent_id = $1', [doc.id]],
        ] as const) {
          refusals.push(
            await client.query(text, [...values]).then(
              () => 'accepted',
              (error: Error) => error.message,
            ),
          )
        }
        // A booking is checked once per commit, against what the whole transaction left...
        refusals.push(
          await transaction(renameLines, oneTicket).then(
            () => 'accepted',
            (error: Error) => error.message,
          ),
        )
        // ...and, when checks run after each statement, against what each statement left.
        refusals.push(
          await transaction(
            'SET CONSTRAINTS bookings_lines_add_up IMMEDIATE',
            renameLines,
            oneTicket,
          ).then(
            () => 'accepted',
            (error: Error) => error.message,
          ),
        )
      } finally {
        client.release()
      }
      const { rows } = await app.sql.query(
        `SELECT count(*)::int AS n FROM tickets WHERE booking_id = $1`,
        [doc.id],
      )

      expect(refusals).toEqual([
        expect.stringMatching(/not the sum of its lines/),
        expect.stringMatching(/one ticket per seat/),
        expect.stringMatching(/another event's ticket type/),
        expect.stringMatching(/has no lines/),
        expect.stringMatching(/one ticket per seat/),
        expect.stringMatching(/one ticket per seat/),
      ])
      expect(rows[0]?.n).toBe(2)
    })

    it('should price each line, total the booking and issue one ticket per seat', async () => {
      const event = await eventOf()
      const early = await typeOf(String(event.id), { name: 'Early bird', price: 19.9 })
      const vip = await typeOf(String(event.id), { name: 'VIP', price: 80 })

      const response = await book({
        event: event.id,
        lines: [
          { attendees: ['Ana', 'Ben'], quantity: 2, ticketType: early.id },
          { quantity: 1, ticketType: vip.id },
        ],
      })
      const { doc } = await json<Booked>(response)
      await app.payload.update({ collection: slugs.ticketTypes, data: { price: 25 }, id: early.id })
      const tickets = await json<Tickets>(await ticketsOf(doc.id))

      expect(response.status).toBe(201)
      expect(doc).toMatchObject({ seats: 3, status: 'pending', totalPrice: 119.8, unitPrice: null })
      expect(doc.reference).toMatch(/^[A-Z2-9]{8}$/)
      expect(doc.lines.map(({ name, quantity, unitPrice }) => [name, quantity, unitPrice])).toEqual(
        [
          ['Early bird', 2, 19.9],
          ['VIP', 1, 80],
        ],
      )
      expect(tickets.tickets).toHaveLength(3)
      expect(tickets.tickets.map(({ code }) => code)).toEqual([
        expect.stringMatching(/^[A-Z2-7]{32}$/),
        expect.stringMatching(/^[A-Z2-7]{32}$/),
        expect.stringMatching(/^[A-Z2-7]{32}$/),
      ])
      expect([
        await seatsBooked(app, String(event.id)),
        await typeCounter(early.id),
        await typeCounter(vip.id),
      ]).toEqual([3, 2, 1])
      const stored = await app.payload.findByID({ collection: slugs.bookings, id: doc.id })
      expect(stored.lines?.[0]?.unitPrice).toBe(19.9)
    })

    it('should book the only type on sale for {event, seats}, and ask for lines when there are several', async () => {
      const one = await eventOf()
      const only = await typeOf(String(one.id), { name: 'Only', price: 12 })
      const two = await eventOf()
      await typeOf(String(two.id), { name: 'A' })
      await typeOf(String(two.id), { name: 'B' })

      const single = await json<Booked>(await book({ event: one.id, seats: 2 }))
      const ambiguous = await book({ event: two.id, seats: 2 })

      expect(single.doc.lines[0]).toMatchObject({ quantity: 2, ticketType: only.id, unitPrice: 12 })
      expect(ambiguous.status).toBe(400)
      expect(await firstErrorMessage(ambiguous)).toMatch(/sells ticket types.*"A".*"B"/)
    })

    it.each([
      [{ salesOpenAt: new Date(Date.now() + 86_400_000).toISOString() }, 409, /open at/],
      [
        {
          salesCloseAt: new Date(Date.now() - 1000).toISOString(),
          salesOpenAt: new Date(Date.now() - 86_400_000).toISOString(),
        },
        409,
        /closed at/,
      ],
      [{ minPerBooking: 2 }, 400, /sold 2 to 10 per booking; you asked for 1/],
      [{ maxPerBooking: 1 }, 400, /sold 1 per booking/],
      [{ hidden: true }, 403, /access code/],
    ])('should refuse a line the type does not allow (%j)', async (rule, status, message) => {
      const event = await eventOf()
      const type = await typeOf(String(event.id), rule)
      const quantity = 'maxPerBooking' in rule ? 2 : 1

      const response = await book({ event: event.id, lines: [{ quantity, ticketType: type.id }] })

      expect(response.status).toBe(status)
      expect(await firstErrorMessage(response)).toMatch(message)
      expect(await seatsBooked(app, String(event.id))).toBe(0)
    })

    it('should sell a hidden type with its access code, and to the organizer without', async () => {
      const event = await eventOf()
      const hidden = await typeOf(String(event.id), { hidden: true, name: 'Crew' })
      const line = { lines: [{ quantity: 1, ticketType: hidden.id }] }

      const withCode = await book({
        ...line,
        accessCode: hidden.accessCode?.toLowerCase(),
        event: event.id,
      })
      const byOrganizer = await book({ ...line, event: event.id }, organizer.token)

      expect([withCode.status, byOrganizer.status]).toEqual([201, 201])
    })

    it("should refuse a type over its own limit, and another event's type", async () => {
      const event = await eventOf()
      const vip = await typeOf(String(event.id), { capacity: 2, name: 'VIP' })
      const other = await eventOf()
      const foreign = await typeOf(String(other.id), { name: 'Elsewhere' })

      await book({ event: event.id, lines: [{ quantity: 2, ticketType: vip.id }] })
      const over = await book({ event: event.id, lines: [{ quantity: 1, ticketType: vip.id }] })
      const mixed = await book({
        event: event.id,
        lines: [{ quantity: 1, ticketType: foreign.id }],
      })

      expect(over.status).toBe(409)
      expect(await firstErrorMessage(over)).toBe('"VIP" is sold out.')
      expect(mixed.status).toBe(400)
      expect(await typeCounter(vip.id)).toBe(2)
    })

    it('should free the seats of every line once when a booking is cancelled', async () => {
      const event = await eventOf()
      const a = await typeOf(String(event.id), { name: 'A' })
      const b = await typeOf(String(event.id), { name: 'B' })
      const { doc } = await json<Booked>(
        await book({
          event: event.id,
          lines: [
            { quantity: 2, ticketType: a.id },
            { quantity: 3, ticketType: b.id },
          ],
        }),
      )

      const cancels = await Promise.all(
        [1, 2].map(() =>
          app.rest.patch(
            `/${slugs.bookings}/${doc.id}`,
            { status: 'cancelled' },
            { token: user.token },
          ),
        ),
      )

      // Overlapping, the second is refused (409); one after the other, it finds the booking
      // cancelled already and changes nothing (200). Either way the seats are freed once.
      const statuses = cancels.map(({ status }) => status).sort()
      expect([
        [200, 200],
        [200, 409],
      ]).toContainEqual(statuses)
      expect([
        await seatsBooked(app, String(event.id)),
        await typeCounter(a.id),
        await typeCounter(b.id),
      ]).toEqual([0, 0, 0])
    })

    it('should never oversell any type or the event with 300 concurrent mixed bookings', async () => {
      const event = await eventOf({ capacity: 120 })
      const limited = await typeOf(String(event.id), { capacity: 30, name: 'Limited', price: 10 })
      const standard = await typeOf(String(event.id), { name: 'Standard', price: 20 })
      const couples = await typeOf(String(event.id), { name: 'Couple', price: 35 })
      const bookers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          createUserAndLogin(app, { email: `fan${i}@example.com` }),
        ),
      )
      const types = [limited, standard, couples]

      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) => {
          const first = types[i % 3] as { id: string }
          const second = types[(i + 1) % 3] as { id: string }
          const lines =
            i % 4 === 0
              ? [
                  { quantity: 1, ticketType: first.id },
                  { quantity: 1, ticketType: second.id },
                ]
              : [{ quantity: 1 + (i % 2), ticketType: first.id }]
          return book({ event: event.id, lines }, bookers[i % bookers.length]?.token)
        }),
      )
      const statuses = answers.map(({ status }) => status)
      const { rows } = await app.sql.query<{ booked: string; id: string; sold: string }>(
        `SELECT t.id, t.seats_booked AS booked, (SELECT coalesce(sum(l.quantity), 0) FROM bookings_lines l
           JOIN bookings b ON b.id = l._parent_id WHERE l.ticket_type_id = t.id AND b.status IN ('pending', 'confirmed')) AS sold
         FROM ticket_types t WHERE t.event_id = $1`,
        [event.id],
      )
      const tickets = await app.sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.event_id = $1 AND b.status IN ('pending', 'confirmed')`,
        [event.id],
      )
      const eventSeats = await seatsBooked(app, String(event.id))

      expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([])
      expect(rows.every(({ booked, sold }) => booked === sold)).toBe(true)
      expect(Number(rows.find(({ id }) => id === limited.id)?.booked)).toBeLessThanOrEqual(30)
      expect(eventSeats).toBeLessThanOrEqual(120)
      expect(rows.reduce((sum, { booked }) => sum + Number(booked), 0)).toBe(eventSeats)
      expect(Number(tickets.rows[0]?.n)).toBe(eventSeats)
      expect(eventSeats).toBeGreaterThan(100)
    })

    it('should book the same way through GraphQL, whose input asks only what a client may send', async () => {
      const event = await eventOf()
      const type = await typeOf(String(event.id), { name: 'Balcony', price: 15 })

      const response = await app.graphql(
        `mutation ($data: BookingInput!) { createBooking(data: $data) { id seats totalPrice reference lines { name quantity } } }`,
        {
          token: user.token,
          variables: { data: { event: event.id, lines: [{ quantity: 2, ticketType: type.id }] } },
        },
      )
      const body = await json<{
        data: { createBooking: { lines: unknown[]; totalPrice: number } }
      }>(response)

      expect(body.data.createBooking).toMatchObject({
        lines: [{ name: 'Balcony', quantity: 2 }],
        totalPrice: 30,
      })
    })
  })

  describe('ticket codes', () => {
    it('should show codes to the booker only, staff the tickets without them', async () => {
      const event = await eventOf({ price: 0 })
      const { doc } = await json<Booked>(await book({ event: event.id, seats: 2 }))

      const mine = await json<Tickets>(await ticketsOf(doc.id))
      const organizers = await json<Tickets>(await ticketsOf(doc.id, organizer.token))
      const someoneElse = await ticketsOf(doc.id, otherUser.token)
      const qr = await app.rest.get(mine.tickets[0]?.qr?.svg.replace('/api', '') ?? '', {
        token: user.token,
      })
      const png = await app.rest.get(mine.tickets[0]?.qr?.png.replace('/api', '') ?? '', {
        token: user.token,
      })

      expect(mine.tickets.every(({ code }) => typeof code === 'string')).toBe(true)
      expect(organizers.tickets.every(({ code }) => code === undefined)).toBe(true)
      expect(someoneElse.status).toBe(404)
      expect([qr.status, qr.headers.get('content-type'), qr.headers.get('cache-control')]).toEqual([
        200,
        'image/svg+xml',
        'private, no-store',
      ])
      expect((await qr.text()).startsWith('<svg')).toBe(true)
      expect(png.headers.get('content-type')).toBe('image/png')
    })

    it('should keep no code in clear anywhere in the database', async () => {
      const event = await eventOf({ price: 0 })
      const { doc } = await json<Booked>(await book({ event: event.id, seats: 3 }))
      const { tickets } = await json<Tickets>(await ticketsOf(doc.id))
      await scan({ code: tickets[0]?.code, event: event.id })

      for (const { code } of tickets) {
        expect(await searchDatabase(app.sql, String(code)), String(code)).toEqual([])
      }
    })

    it('should void the old code when a ticket is reissued', async () => {
      const event = await eventOf({ ...soon(), price: 0 })
      const { doc } = await json<Booked>(await book({ event: event.id, seats: 1 }))
      const [before] = (await json<Tickets>(await ticketsOf(doc.id))).tickets

      const reissued = await app.rest.post(
        `/${slugs.tickets}/${before?.id}/reissue`,
        {},
        { token: user.token },
      )
      const [after] = (await json<Tickets>(await ticketsOf(doc.id))).tickets
      const old = await json<Scan>(await scan({ code: before?.code, event: event.id }))
      const fresh = await scan({ code: after?.code, event: event.id })

      expect(reissued.status).toBe(200)
      expect(after?.code).not.toBe(before?.code)
      expect(old.errors?.[0]?.data.reason).toBe('unknown_code')
      expect(fresh.status).toBe(201)
    })
  })

  describe('check-in', () => {
    const paidBookingOf = async (
      event: string | number,
      status: 'cancelled' | 'confirmed' | 'pending' | 'refunded' = 'confirmed',
    ) => {
      const { doc } = await json<Booked>(await book({ event, seats: 1 }))
      if (status === 'confirmed' || status === 'refunded') {
        await app.rest.patch(
          `/${slugs.bookings}/${doc.id}`,
          { status: 'confirmed' },
          { token: admin.token },
        )
      }
      if (status === 'refunded' || status === 'cancelled') {
        await app.rest.patch(`/${slugs.bookings}/${doc.id}`, { status }, { token: admin.token })
      }
      const [ticket] = (await json<Tickets>(await ticketsOf(doc.id))).tickets
      return String(ticket?.code)
    }

    it('should admit exactly one of 50 simultaneous scans of one code', async () => {
      const event = await eventOf(soon())
      const code = await paidBookingOf(event.id)

      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          scan({ code, event: event.id, gate: `Gate ${i % 3}` }),
        ),
      )
      const statuses = answers.map(({ status }) => status)
      const refused = await json<Scan>(answers.find(({ status }) => status === 409) as Response)
      const { rows } = await app.sql.query(
        `SELECT result, reason, count(*)::int AS n FROM check_ins GROUP BY 1, 2 ORDER BY 1`,
      )

      expect(statuses.filter((status) => status === 201)).toHaveLength(1)
      expect(statuses.filter((status) => status === 409)).toHaveLength(49)
      expect(refused.errors?.[0]?.message).toMatch(
        /^Already checked in at \d\d:\d\d UTC \(Gate \d\)\.$/,
      )
      expect(rows).toEqual([
        { n: 1, reason: null, result: 'admitted' },
        { n: 49, reason: 'already_checked_in', result: 'refused' },
      ])
    })

    it.each([
      ['cancelled', 'cancelled'],
      ['refunded', 'refunded'],
      ['pending', 'unpaid'],
    ] as const)('should refuse and record a ticket of a %s booking', async (status, reason) => {
      const event = await eventOf(soon())
      const code = await paidBookingOf(event.id, status)

      const answer = await json<Scan>(await scan({ code, event: event.id }))

      expect(answer.errors?.[0]?.data.reason).toBe(reason)
      expect((await app.sql.query(`SELECT reason FROM check_ins`)).rows).toEqual([{ reason }])
    })

    it("should refuse another event's ticket, an unknown code and a scan outside the window", async () => {
      const soon = {
        endDate: new Date(Date.now() + 7_200_000).toISOString(),
        startDate: new Date(Date.now() + 3_600_000).toISOString(),
      }
      const event = await eventOf(soon)
      const other = await eventOf(soon)
      const later = await eventOf({
        endDate: new Date(Date.now() + 11 * 86_400_000).toISOString(),
        startDate: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      })
      const code = await paidBookingOf(other.id)
      const laterCode = await paidBookingOf(later.id)

      const reasons = await Promise.all([
        scan({ code, event: event.id }),
        scan({ code: 'NOTATICKETCODEATALLNOTATICKETCOD', event: event.id }),
        scan({ code: laterCode, event: later.id }),
      ]).then((answers) =>
        Promise.all(
          answers.map(async (answer) => (await json<Scan>(answer)).errors?.[0]?.data.reason),
        ),
      )

      expect(reasons).toEqual(['other_event', 'unknown_code', 'outside_window'])
    })

    it('should answer a repeated upload the same and record nothing new', async () => {
      const event = await eventOf(soon())
      const code = await paidBookingOf(event.id)

      const first = await scan({ code, event: event.id, nonce: 'device-1:42' })
      const again = await scan({ code, event: event.id, nonce: 'device-1:42' })
      const { rows } = await app.sql.query(`SELECT count(*)::int AS n FROM check_ins`)

      expect([first.status, again.status]).toEqual([201, 201])
      expect(rows[0]).toEqual({ n: 1 })
    })

    it('should let the door staff scan, refuse anyone else, and let the organizer undo (audited)', async () => {
      const event = await eventOf(soon())
      await app.payload.update({
        collection: slugs.events,
        data: { checkInStaff: [otherUser.id] },
        id: event.id,
      })
      const code = await paidBookingOf(event.id)

      const stranger = await scan({ code, event: event.id }, otherOrganizer.token)
      const door = await json<{ checkInId: string }>(
        await scan({ code, event: event.id }, otherUser.token),
      )
      const undone = await app.rest.post(
        `/${slugs.checkIns}/${door.checkInId}/undo`,
        {},
        { token: organizer.token },
      )
      const again = await scan({ code, event: event.id }, otherUser.token)
      const audit = await app.sql.query(
        `SELECT action FROM audit_logs WHERE collection = 'check-ins'`,
      )
      // Who works the door is the organizer's business, not the public's.
      const staffSeenBy = async (token?: string) =>
        (
          await json<{ checkInStaff?: unknown }>(
            await app.rest.get(`/${slugs.events}/${event.id}?depth=0`, token ? { token } : {}),
          )
        ).checkInStaff
      const queried = await app.rest.get(
        `/${slugs.events}?where[checkInStaff][equals]=${otherUser.id}&depth=0`,
      )

      expect([
        await staffSeenBy(),
        await staffSeenBy(user.token),
        await staffSeenBy(organizer.token),
      ]).toEqual([undefined, undefined, [otherUser.id]])
      expect(queried.status).toBeGreaterThanOrEqual(400)
      expect(stranger.status).toBe(403)
      expect(undone.status).toBe(200)
      expect(again.status).toBe(201)
      expect(audit.rows).toEqual([{ action: 'update' }])
    })

    it('should admit the next ticket of a booking by its reference, and count per type', async () => {
      const event = await eventOf(soon())
      const type = await typeOf(String(event.id), { name: 'Family', price: 0 })
      const { doc } = await json<Booked>(
        await book({ event: event.id, lines: [{ quantity: 3, ticketType: type.id }] }),
      )

      const first = await json<Scan>(
        await scan({ event: event.id, reference: doc.reference.toLowerCase() }),
      )
      await scan({ event: event.id, reference: doc.reference })
      const summary = await json<{
        checkedIn: number
        sold: number
        ticketTypes: { checkedIn: number; name: string; sold: number }[]
      }>(
        await app.rest.get(`/${slugs.events}/${event.id}/check-in-summary`, {
          token: organizer.token,
        }),
      )

      expect(first.message).toMatch(/1 of 3 of booking/)
      expect(summary).toMatchObject({
        checkedIn: 2,
        sold: 3,
        ticketTypes: [{ checkedIn: 2, name: 'Family', sold: 3 }],
      })
    })

    it('should check in through GraphQL too', async () => {
      const event = await eventOf(soon())
      const code = await paidBookingOf(event.id)
      const mutation = `mutation ($event: String!, $code: String) { checkIn(event: $event, code: $code) { result reason message } }`

      const first = await json<{ data: { checkIn: { result: string } } }>(
        await app.graphql(mutation, {
          token: organizer.token,
          variables: { code, event: event.id },
        }),
      )
      const second = await json<{ data: { checkIn: { reason: string; result: string } } }>(
        await app.graphql(mutation, {
          token: organizer.token,
          variables: { code, event: event.id },
        }),
      )

      expect(first.data.checkIn.result).toBe('admitted')
      expect(second.data.checkIn).toMatchObject({ reason: 'already_checked_in', result: 'refused' })
    })
  })

  describe('attendees', () => {
    it('should list and export the attendees of an own event, searchable', async () => {
      const event = await eventOf({ price: 0 })
      await book({
        event: event.id,
        lines: [{ attendees: ['Zoe Quinn', '=HYPERLINK("x")'], quantity: 2, ticketType: null }],
      })

      const list = await json<{ docs: { attendeeName: string }[]; totalDocs: number }>(
        await app.rest.get(`/${slugs.events}/${event.id}/attendees?q=zoe`, {
          token: organizer.token,
        }),
      )
      const csv = await app.rest.get(`/${slugs.events}/${event.id}/attendees?format=csv`, {
        token: organizer.token,
      })
      const text = await csv.text()
      // Paging values a client made up are clamped, never passed to SQL as they are.
      const odd = await json<{ docs: unknown[]; limit: number }>(
        await app.rest.get(`/${slugs.events}/${event.id}/attendees?limit=-5&page=1.5e9`, {
          token: organizer.token,
        }),
      )
      const theirs = await app.rest.get(`/${slugs.events}/${event.id}/attendees`, {
        token: otherOrganizer.token,
      })

      expect(list).toMatchObject({ docs: [{ attendeeName: 'Zoe Quinn' }], totalDocs: 1 })
      expect(odd).toMatchObject({ docs: [expect.anything()], limit: 1, page: 1 })
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(text.split('\r\n')).toHaveLength(4)
      expect(text).toContain(`"'=HYPERLINK(""x"")"`)
      expect(theirs.status).toBe(403)
    })
  })
})

describe('upgrading a database with bookings made before tickets', () => {
  let app: TestApp

  beforeAll(async () => {
    app = await createTestApp()
  })

  afterAll(async () => {
    await app.destroy()
  })

  it('should give every existing booking a reference, one line and one ticket per seat', async () => {
    const { user } = await createActors(app)
    const event = await createEvent(app, { capacity: 50, price: 12.5 })
    const db = app.payload.db as unknown as {
      drizzle: { execute: (query: unknown) => Promise<unknown> }
    }
    // Back to before tickets: that migration and every later one, newest first.
    const since = migrations.findIndex(({ name }) => name.endsWith('_tickets'))
    expect(since).toBeGreaterThan(0)
    for (const migration of migrations.slice(since).reverse()) {
      await migration.down({ db: db.drizzle, payload: app.payload, req: {} } as never)
      await app.sql.query(`DELETE FROM payload_migrations WHERE name = $1`, [migration.name])
    }
    // Bookings as the earlier version wrote them: one price, no lines, no tickets.
    await app.sql.query(
      `INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price)
       VALUES ($1, $2, 2, 'confirmed', 12.5, 'EUR', 25), ($1, $2, 3, 'cancelled', 12.5, 'EUR', 37.5)`,
      [event.id, user.id],
    )
    await app.sql.query(`UPDATE events SET seats_booked = 2 WHERE id = $1`, [event.id])

    await app.payload.db.migrate({ migrations: appMigrations })
    const { rows } = await app.sql.query<{
      lines: number
      reference: string
      seats: number
      tickets: number
    }>(
      `SELECT b.reference, b.seats::int AS seats,
         (SELECT count(*)::int FROM bookings_lines l WHERE l._parent_id = b.id) AS lines,
         (SELECT count(*)::int FROM tickets t WHERE t.booking_id = b.id) AS tickets
       FROM bookings b ORDER BY b.seats`,
    )
    const booked = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, seats: 1 },
      { token: user.token },
    )

    expect(rows).toEqual([
      { lines: 1, reference: expect.stringMatching(/^[A-Z2-9]{8}$/), seats: 2, tickets: 2 },
      { lines: 1, reference: expect.stringMatching(/^[A-Z2-9]{8}$/), seats: 3, tickets: 3 },
    ])
    expect(booked.status).toBe(201)
    expect(await seatsBooked(app, String(event.id))).toBe(3)
  })
})
