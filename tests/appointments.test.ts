/**
 * Appointments: services of a given length on resources, in a venue's opening hours (its own time
 * zone, days of 23 and 25 hours included), outside closures and time off, with buffers; the free-
 * slot search and the booking share one rule (freeSlotsSql), and PostgreSQL refuses two
 * appointments on one resource at once whatever writes them.
 */
import fc from 'fast-check'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createLocalReq } from 'payload'

import { EXPIRE_HOLDS_TASK } from '../collections/Bookings/expireBookingHoldsTask'
import { applyRetention } from '../src/privacy/applyRetentionTask'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createVenue,
  DAY,
  firstErrorMessage,
  json,
} from './helpers/fixtures'
import { searchDatabase } from './helpers/searchDatabase'
import { createUserAndLogin, type TestApp, useTestApp } from './helpers/testApp'

type Slot = { end: string; local: string; resources: string[]; start: string }
type Availability = { slots: Slot[]; timeZone: string }
type Appointment = {
  blockedFrom: string
  blockedUntil: string
  currency: string
  end: string
  expiresAt: null | string
  id: string
  reference: string
  resource: string | { id: string }
  start: string
  status: string
  totalPrice: number
  unitPrice: number
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

/** A UTC calendar date `days` from today. */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)

/** The last Sunday of a month, and the nth Sunday (1-based) of a month, as YYYY-MM-DD. */
const lastSunday = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month, 0))
  last.setUTCDate(last.getUTCDate() - last.getUTCDay())
  return last.toISOString().slice(0, 10)
}
const nthSunday = (year: number, month: number, n: number) => {
  const first = new Date(Date.UTC(year, month - 1, 1))
  first.setUTCDate(1 + ((7 - first.getUTCDay()) % 7) + (n - 1) * 7)
  return first.toISOString().slice(0, 10)
}

type ScheduleOptions = {
  bufferAfterMinutes?: number
  bufferBeforeMinutes?: number
  closes?: string
  durationMinutes?: number
  maxGuests?: number
  opens?: string
  price?: number
  pricing?: 'per_appointment' | 'per_guest'
  resources?: number
  timeZone?: string
}

/** A venue open every day, a published service and resources that can do it (Local API). */
const createSchedule = async (app: TestApp, options: ScheduleOptions = {}) => {
  const venue = await createVenue(app, {
    openingHours: WEEK.map((day) => ({
      closes: options.closes ?? '12:00',
      day,
      opens: options.opens ?? '09:00',
    })),
    timeZone: options.timeZone ?? 'Europe/Berlin',
  })
  const service = await app.payload.create({
    collection: slugs.services,
    data: {
      bufferAfterMinutes: options.bufferAfterMinutes ?? 0,
      bufferBeforeMinutes: options.bufferBeforeMinutes ?? 0,
      currency: 'EUR',
      durationMinutes: options.durationMinutes ?? 60,
      maxGuests: options.maxGuests ?? 10,
      minGuests: 1,
      name: 'Party package',
      price: options.price ?? 0,
      pricing: options.pricing ?? 'per_appointment',
      published: true,
    },
  })
  const resources = []
  for (let index = 0; index < (options.resources ?? 1); index++) {
    resources.push(
      await app.payload.create({
        collection: slugs.resources,
        data: {
          kind: 'room',
          name: `Room ${index + 1}`,
          services: [service.id],
          sortOrder: index,
          venue: venue.id,
        },
      }),
    )
  }
  return { resources, service, venue }
}

const searchPath = (args: Record<string, string>) =>
  `/availability?${new URLSearchParams(args).toString()}`

describe('appointments', () => {
  let admin: Actor
  let organizer: Actor
  let user: Actor
  let otherUser: Actor

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, organizer, otherUser, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const search = async (args: Record<string, string>) => {
    const response = await app.rest.get(searchPath(args))
    expect(response.status).toBe(200)
    return json<Availability>(response)
  }

  const book = (body: Record<string, unknown>, token = user.token) =>
    app.rest.post(`/${slugs.appointments}`, body, { token })

  const booked = async (body: Record<string, unknown>, token = user.token) => {
    const response = await book(body, token)
    expect(response.status, await response.clone().text()).toBe(201)
    return (await json<{ doc: Appointment }>(response)).doc
  }

  const resourceOf = (appointment: Appointment) =>
    typeof appointment.resource === 'object' ? appointment.resource.id : appointment.resource

  describe('free-slot search', () => {
    it('offers the grid of starts inside the opening hours, on the venue clock', async () => {
      const { resources, service, venue } = await createSchedule(app, { resources: 2 })
      const day = dayFromNow(10)
      const args = { from: day, service: String(service.id), to: day, venue: String(venue.id) }
      const { slots, timeZone } = await search({ ...args, detail: 'resources' })
      expect(timeZone).toBe('Europe/Berlin')
      // Without the detail: the same starts, any resource.
      expect((await search(args)).slots).toEqual(slots.map(({ resources: _, ...slot }) => slot))
      // 09:00 to 11:00 every 15 minutes: the hour-long service must end by 12:00.
      expect(slots.map(({ local }) => local.slice(11))).toEqual(
        ['09', '10']
          .flatMap((hour) => ['00', '15', '30', '45'].map((m) => `${hour}:${m}`))
          .concat('11:00'),
      )
      for (const slot of slots) {
        expect(slot.resources).toEqual(resources.map(({ id }) => String(id)))
        expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(60 * 60_000)
      }
    })

    it.each([
      ['Europe/Berlin', lastSunday(new Date().getUTCFullYear() + 1, 3), 23, '01:00', '03:00'],
      ['Europe/Berlin', lastSunday(new Date().getUTCFullYear() + 1, 10), 25, '02:00', '02:00'],
      ['America/New_York', nthSunday(new Date().getUTCFullYear() + 1, 3, 2), 23, '01:00', '03:00'],
      ['America/New_York', nthSunday(new Date().getUTCFullYear() + 1, 11, 1), 25, '01:00', '01:00'],
    ])(
      'a day of %s on %s has %i hourly starts, right across the change',
      async (timeZone, day, hours, before, after) => {
        const { service, venue } = await createSchedule(app, {
          closes: '24:00',
          durationMinutes: 60,
          opens: '00:00',
          timeZone,
        })
        const { slots } = await search({
          from: day,
          service: String(service.id),
          to: day,
          venue: String(venue.id),
        })
        // A 15-minute grid over the day's real length; the hour-long service ends by midnight.
        expect(slots).toHaveLength(hours * 4 - 3)
        expect(Date.parse(slots.at(-1)?.end ?? '') - Date.parse(slots[0]?.start ?? '')).toBe(
          hours * 3600_000,
        )
        const locals = slots.map(({ local }) => local.slice(11))
        const index = locals.indexOf(before)
        // Clock times repeat in the autumn and are skipped in the spring, an hour after `before`.
        expect(locals[index + 4]).toBe(after)
        // 12:00 on the venue's clock is the right instant on either side of the change.
        const noon = slots.find(({ local }) => local.endsWith('T12:00'))
        expect(new Date(noon?.start ?? '').toLocaleTimeString('en-GB', { timeZone })).toBe(
          '12:00:00',
        )
      },
    )

    it('keeps the buffers around taken times and leaves closures and time off out', async () => {
      const { resources, service, venue } = await createSchedule(app, {
        bufferAfterMinutes: 30,
        bufferBeforeMinutes: 15,
        closes: '14:00',
        opens: '08:00',
      })
      const day = dayFromNow(12)
      const at = (clock: string) => berlinTime(day, clock)
      await booked({ resource: resources[0]?.id, service: service.id, start: at('10:00') })
      const args = { from: day, service: String(service.id), to: day, venue: String(venue.id) }
      const free = (await search(args)).slots.map(({ local }) => local.slice(11))
      // Taken 09:45 to 11:30; a new one takes 15 minutes before and 30 after its hour.
      expect(free).toEqual(['08:00', '08:15', '11:45', '12:00', '12:15', '12:30', '12:45', '13:00'])

      await app.payload.create({
        collection: slugs.closures,
        data: { endsAt: at('12:30'), kind: 'closure', startsAt: at('12:00'), venue: venue.id },
      })
      expect((await search(args)).slots.map(({ local }) => local.slice(11))).toEqual([
        '08:00',
        '08:15',
        '12:30',
        '12:45',
        '13:00',
      ])
      await app.payload.create({
        collection: slugs.closures,
        data: {
          endsAt: at('14:00'),
          kind: 'time_off',
          resource: resources[0]?.id,
          startsAt: at('12:45'),
          venue: venue.id,
        },
      })
      expect((await search(args)).slots.map(({ local }) => local.slice(11))).toEqual([
        '08:00',
        '08:15',
      ])
    })

    it('refuses bad parameters with a 400 naming them, and unknown ids with a 404', async () => {
      const { service, venue } = await createSchedule(app)
      const good = {
        from: dayFromNow(1),
        service: String(service.id),
        to: dayFromNow(2),
        venue: String(venue.id),
      }
      const cases: [Record<string, string> | string, number, RegExp][] = [
        [{ ...good, from: '2027-02-30' }, 400, /"from" must be a date/],
        [{ ...good, to: 'tomorrow' }, 400, /"to" must be a date/],
        [{ ...good, detail: 'all' }, 400, /"detail" can only be "resources"/],
        [{ ...good, to: dayFromNow(0) }, 400, /"to" is before "from"/],
        [{ ...good, to: dayFromNow(40) }, 400, /at most 31 days/],
        [{ ...good, service: 'x' }, 400, /"service" is not a valid id/],
        [{ ...good, service: 'x\u0000' }, 400, /NUL byte/],
        [{ from: good.from, to: good.to, venue: good.venue }, 400, /"service" is required/],
        [`${searchPath(good)}&venue=${good.venue}`, 400, /"venue" must be given once/],
        [{ ...good, venue: '00000000-0000-4000-8000-000000000000' }, 404, /No such venue/],
        [{ ...good, service: '00000000-0000-4000-8000-000000000000' }, 404, /No such service/],
      ]
      for (const [args, status, message] of cases) {
        const response = await app.rest.get(typeof args === 'string' ? args : searchPath(args))
        expect(response.status, JSON.stringify(args)).toBe(status)
        expect(await firstErrorMessage(response)).toMatch(message)
      }
    })
  })

  it('refuses opening hours that overlap or close before they open', async () => {
    const cases: [{ closes: string; day: 'mon'; opens: string }[], RegExp][] = [
      [[{ closes: '09:00', day: 'mon', opens: '10:00' }], /closes before it opens/],
      [
        [
          { closes: '12:00', day: 'mon', opens: '09:00' },
          { closes: '14:00', day: 'mon', opens: '11:00' },
        ],
        /overlaps 09:00 to 12:00/,
      ],
      [[{ closes: '25:00', day: 'mon', opens: '09:00' }], /HH:MM/],
    ]
    for (const [openingHours, message] of cases) {
      const response = await app.rest.post(
        `/${slugs.venues}`,
        { capacity: 10, name: 'Hours', openingHours, timeZone: 'Mars/Olympus' },
        { token: admin.token },
      )
      expect(response.status).toBe(400)
      const body = await json<{ errors: { data?: { errors?: { message: string }[] } }[] }>(response)
      const messages = JSON.stringify(body)
      expect(messages).toMatch(message)
      expect(messages).toMatch(/not an IANA time zone/)
    }
  })

  describe('booking', () => {
    it('assigns a free resource, then the next, then answers 409 naming the time', async () => {
      const { resources, service } = await createSchedule(app, { resources: 2 })
      const start = berlinTime(dayFromNow(5), '10:00')
      const first = await booked({ service: service.id, start })
      const second = await booked({ service: service.id, start }, otherUser.token)
      expect([resourceOf(first), resourceOf(second)].sort()).toEqual(
        resources.map(({ id }) => String(id)).sort(),
      )
      expect(first.status).toBe('confirmed')
      expect(first.reference).toMatch(/^[A-Z2-9]{8}$/)
      const third = await book({ service: service.id, start })
      expect(third.status).toBe(409)
      expect(await firstErrorMessage(third)).toContain(new Date(start).toISOString())
    })

    it('books once for one idempotency key, also when the same request arrives twice at once', async () => {
      const { service } = await createSchedule(app, { resources: 2 })
      const body = {
        idempotencyKey: 'form-7f3a',
        service: service.id,
        start: berlinTime(dayFromNow(4), '10:00'),
      }
      const [first, second] = await Promise.all([book(body), book(body)])
      expect([first.status, second.status].sort()).toEqual([200, 201])
      const ids = await Promise.all(
        [first, second].map(
          async (response) => (await json<{ doc: Appointment }>(response)).doc.id,
        ),
      )
      expect(ids[0]).toBe(ids[1])
      const again = await book(body)
      expect(again.status).toBe(200)
      const { rows } = await app.sql.query('SELECT count(*)::int AS n FROM appointments')
      expect(rows[0]?.n).toBe(1)
      // Another customer's key is their own.
      expect((await book(body, otherUser.token)).status).toBe(201)
    })

    it('refuses a time outside the opening hours, in the past, or with too many guests', async () => {
      const { service } = await createSchedule(app, { maxGuests: 4 })
      const day = dayFromNow(5)
      const cases: [Record<string, unknown>, number, RegExp][] = [
        [{ service: service.id, start: berlinTime(day, '11:30') }, 409, /No resource is free/],
        [{ service: service.id, start: berlinTime(day, '08:00') }, 409, /No resource is free/],
        [{ service: service.id, start: berlinTime(dayFromNow(-1), '10:00') }, 400, /in the past/],
        [{ service: service.id, start: '2027-01-01T10:00:30Z' }, 400, /whole minute/],
        [{ guests: 5, service: service.id, start: berlinTime(day, '09:00') }, 400, /from 1 to 4/],
        [{ service: service.id, start: 'soon' }, 400, /"start"/],
        [
          { service: service.id, start: berlinTime(day, '09:00'), status: 'confirmed' },
          403,
          /"status"/,
        ],
      ]
      for (const [body, status, message] of cases) {
        const response = await book(body)
        expect(response.status, JSON.stringify(body)).toBe(status)
        expect(await firstErrorMessage(response)).toMatch(message)
      }
      const ended = await book(
        { service: service.id, start: berlinTime(day, '09:00'), status: 'completed' },
        admin.token,
      )
      expect(ended.status).toBe(400)
      expect(await firstErrorMessage(ended)).toMatch(/pending or confirmed/)
      const anonymous = await app.rest.post(`/${slugs.appointments}`, { service: service.id })
      expect(anonymous.status).toBe(401)
      expect(await firstErrorMessage(anonymous)).toMatch(/Log in/)
      const notJson = await app.rest.raw('POST', `/${slugs.appointments}`, '{"service":', {
        token: user.token,
      })
      expect(notJson.status).toBe(400)
    })

    it('snapshots the price per guest, exactly, and holds a paid appointment pending', async () => {
      const { service } = await createSchedule(app, { price: 12.1, pricing: 'per_guest' })
      const appointment = await booked({
        guests: 3,
        service: service.id,
        start: berlinTime(dayFromNow(6), '09:00'),
      })
      expect(appointment).toMatchObject({
        currency: 'EUR',
        status: 'pending',
        totalPrice: 36.3,
        unitPrice: 12.1,
      })
      expect(Date.parse(appointment.expiresAt ?? '')).toBeGreaterThan(Date.now())
      await app.payload.update({ collection: slugs.services, data: { price: 99 }, id: service.id })
      const { rows } = await app.sql.query(
        'SELECT unit_price::text, total_price::text FROM appointments WHERE id = $1',
        [appointment.id],
      )
      expect(rows[0]).toEqual({ total_price: '36.3', unit_price: '12.1' })
    })

    it('releases a lapsed hold that overlaps, in the same transaction, instead of refusing', async () => {
      const { service } = await createSchedule(app, { price: 10 })
      const start = berlinTime(dayFromNow(5), '10:00')
      const held = await booked({ service: service.id, start })
      const blocked = await book({ service: service.id, start }, otherUser.token)
      expect(blocked.status).toBe(409)
      await app.sql.query(
        "UPDATE appointments SET expires_at = now() - interval '1 minute' WHERE id = $1",
        [held.id],
      )
      await booked({ service: service.id, start }, otherUser.token)
      const { rows } = await app.sql.query('SELECT status FROM appointments WHERE id = $1', [
        held.id,
      ])
      expect(rows[0]?.status).toBe('expired')
      const audit = await app.sql.query(
        `SELECT user_id, changes->'status' AS status FROM audit_logs
          WHERE collection = 'appointments' AND document_id = $1 AND action = 'update'`,
        [held.id],
      )
      expect(audit.rows).toEqual([{ status: { from: 'pending', to: 'expired' }, user_id: null }])
    })

    it('the hold-expiry job expires lapsed appointment holds once', async () => {
      const { service } = await createSchedule(app, { price: 10 })
      const day = dayFromNow(5)
      const lapsed = await booked({ service: service.id, start: berlinTime(day, '09:00') })
      const held = await booked({ service: service.id, start: berlinTime(day, '10:00') })
      await app.sql.query(
        "UPDATE appointments SET expires_at = now() - interval '1 minute' WHERE id = $1",
        [lapsed.id],
      )
      for (const _ of [1, 2]) {
        await app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK })
        await app.payload.jobs.run({ queue: 'bookings' })
      }
      const { rows } = await app.sql.query(
        'SELECT id::text, status FROM appointments ORDER BY start',
      )
      expect(rows).toEqual([
        { id: lapsed.id, status: 'expired' },
        { id: held.id, status: 'pending' },
      ])
      const audit = await app.sql.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE collection = 'appointments'
          AND document_id = $1 AND changes->'status'->>'to' = 'expired'`,
        [lapsed.id],
      )
      expect(audit.rows[0]?.n).toBe(1)
    })

    it('reschedules in one step: the new time is claimed before the old one is freed', async () => {
      const { service } = await createSchedule(app, { closes: '14:00' })
      const day = dayFromNow(7)
      const mine = await booked({ service: service.id, start: berlinTime(day, '10:00') })
      await booked({ service: service.id, start: berlinTime(day, '12:00') }, otherUser.token)
      // Half an hour later overlaps its own old time only: allowed.
      const moved = await app.rest.patch(
        `/${slugs.appointments}/${mine.id}`,
        { start: berlinTime(day, '10:30') },
        { token: user.token },
      )
      expect(moved.status).toBe(200)
      expect((await json<{ doc: Appointment }>(moved)).doc.end).toBe(
        new Date(berlinTime(day, '11:30')).toISOString(),
      )
      // Onto someone else's time: refused, and the appointment stays where it was.
      const clash = await app.rest.patch(
        `/${slugs.appointments}/${mine.id}`,
        { start: berlinTime(day, '11:30') },
        { token: user.token },
      )
      expect(clash.status).toBe(409)
      const { rows } = await app.sql.query('SELECT start FROM appointments WHERE id = $1', [
        mine.id,
      ])
      expect(new Date(rows[0]?.start).toISOString()).toBe(
        new Date(berlinTime(day, '10:30')).toISOString(),
      )
    })

    it('moves to another free resource when its own is taken at the new time, unless one is named', async () => {
      const { resources, service } = await createSchedule(app, { closes: '14:00', resources: 2 })
      const [first, second] = resources.map(({ id }) => String(id))
      const day = dayFromNow(7)
      const mine = await booked({
        resource: first,
        service: service.id,
        start: berlinTime(day, '10:00'),
      })
      await booked(
        { resource: first, service: service.id, start: berlinTime(day, '12:00') },
        otherUser.token,
      )
      const path = `/${slugs.appointments}/${mine.id}`
      const moved = await app.rest.patch(
        path,
        { start: berlinTime(day, '12:00') },
        { token: user.token },
      )
      expect(moved.status).toBe(200)
      expect(resourceOf((await json<{ doc: Appointment }>(moved)).doc)).toBe(second)
      // Another resource named: that one or nothing.
      await booked(
        { resource: first, service: service.id, start: berlinTime(day, '09:00') },
        admin.token,
      )
      const named = await app.rest.patch(
        path,
        { resource: first, start: berlinTime(day, '09:00') },
        { token: user.token },
      )
      expect(named.status).toBe(409)
      // Its own resource stays first when it is free.
      const back = await app.rest.patch(
        path,
        { start: berlinTime(day, '09:00') },
        { token: user.token },
      )
      expect(back.status).toBe(200)
      expect(resourceOf((await json<{ doc: Appointment }>(back)).doc)).toBe(second)
    })

    it('PostgreSQL refuses an overlap that skips the hooks', async () => {
      const { resources, service } = await createSchedule(app)
      const appointment = await booked({
        resource: resources[0]?.id,
        service: service.id,
        start: berlinTime(dayFromNow(5), '10:00'),
      })
      await expect(
        app.sql.query(
          `INSERT INTO appointments (reference, service_id, resource_id, venue_id, start, "end",
             blocked_from, blocked_until, guests, status, unit_price, total_price, currency)
           SELECT 'ABCDEFGH', service_id, resource_id, venue_id, start + interval '30 minutes',
             "end" + interval '30 minutes', blocked_from + interval '30 minutes',
             blocked_until + interval '30 minutes', 1, 'confirmed', 0, 0, 'EUR'
           FROM appointments WHERE id = $1`,
          [appointment.id],
        ),
      ).rejects.toMatchObject({ code: '23P01', constraint: 'appointments_no_overlap' })
      // Nor an empty taken range (a moment, not a time), on any resource.
      await expect(
        app.sql.query(
          `INSERT INTO appointments (reference, service_id, resource_id, venue_id, start, "end",
             blocked_from, blocked_until, guests, status, unit_price, total_price, currency)
           SELECT 'ABCDEFGJ', service_id, resource_id, venue_id, start + interval '9 days',
             start + interval '9 days', start + interval '9 days', start + interval '9 days', 1,
             'confirmed', 0, 0, 'EUR'
           FROM appointments WHERE id = $1`,
          [appointment.id],
        ),
      ).rejects.toMatchObject({ code: '23514' })
    })
  })

  describe('access and status', () => {
    it('organizers change resources and closures only at venues they manage', async () => {
      const { service, venue } = await createSchedule(app)
      const resource = { kind: 'bay', name: 'Bay 9', services: [service.id], venue: venue.id }
      const refused = await app.rest.post(`/${slugs.resources}`, resource, {
        token: organizer.token,
      })
      expect(refused.status).toBe(403)
      expect(await firstErrorMessage(refused)).toMatch(/do not manage this venue/)
      await app.payload.update({
        collection: slugs.venues,
        data: { managers: [organizer.id] },
        id: venue.id,
      })
      expect(
        (await app.rest.post(`/${slugs.resources}`, resource, { token: organizer.token })).status,
      ).toBe(201)
      const closure = {
        endsAt: berlinTime(dayFromNow(3), '12:00'),
        kind: 'closure',
        startsAt: berlinTime(dayFromNow(3), '09:00'),
        venue: venue.id,
      }
      expect(
        (await app.rest.post(`/${slugs.closures}`, closure, { token: organizer.token })).status,
      ).toBe(201)
      const backwards = { ...closure, endsAt: closure.startsAt, startsAt: closure.endsAt }
      const wrong = await app.rest.post(`/${slugs.closures}`, backwards, { token: organizer.token })
      expect(wrong.status).toBe(400)
      expect(await firstErrorMessage(wrong)).toMatch(/end after it starts/)
    })

    it('customers see and cancel their own; managers of the venue see it; others do not', async () => {
      const { service, venue } = await createSchedule(app)
      const appointment = await booked({
        service: service.id,
        start: berlinTime(dayFromNow(5), '09:00'),
      })
      const path = `/${slugs.appointments}/${appointment.id}`
      expect((await app.rest.get(path, { token: otherUser.token })).status).toBe(404)
      expect((await app.rest.get(path, { token: organizer.token })).status).toBe(404)
      await app.payload.update({
        collection: slugs.venues,
        data: { managers: [organizer.id] },
        id: venue.id,
      })
      expect((await app.rest.get(path, { token: organizer.token })).status).toBe(200)
      // Who manages a venue is not public.
      const publicVenue = await json<Record<string, unknown>>(
        await app.rest.get(`/${slugs.venues}/${venue.id}`),
      )
      expect(publicVenue).not.toHaveProperty('managers')
      expect(publicVenue.timeZone).toBe('Europe/Berlin')
      const confirm = await app.rest.patch(path, { status: 'completed' }, { token: user.token })
      expect(confirm.status).toBe(403)
      const cancel = await app.rest.patch(
        path,
        { start: berlinTime(dayFromNow(6), '09:00'), status: 'cancelled' },
        { token: user.token },
      )
      expect(cancel.status).toBe(200)
      // Cancelled where it was: a time sent along is not taken.
      expect((await json<{ doc: Appointment }>(cancel)).doc.start).toBe(appointment.start)
      // The time is free again.
      await booked({ service: service.id, start: appointment.start }, otherUser.token)
      expect((await app.rest.get(path, { token: admin.token })).status).toBe(200)
    })
  })

  describe('GraphQL and personal data', () => {
    it('answers the free-slot search over GraphQL as over REST, errors included', async () => {
      const { service, venue } = await createSchedule(app)
      const day = dayFromNow(8)
      const rest = await search({
        from: day,
        service: String(service.id),
        to: day,
        venue: String(venue.id),
      })
      const query = `query ($service: ID!, $venue: ID!, $from: String!, $to: String!) {
        Availability(service: $service, venue: $venue, from: $from, to: $to) {
          timeZone slots { start end local } } }`
      const answer = await json<{ data: { Availability: Availability } }>(
        await app.graphql(query, {
          variables: { from: day, service: service.id, to: day, venue: venue.id },
        }),
      )
      expect(answer.data.Availability).toEqual({ slots: rest.slots, timeZone: rest.timeZone })
      const refused = await json<{ errors: { message: string }[] }>(
        await app.graphql(query, {
          variables: { from: day, service: service.id, to: '2027-13-01', venue: venue.id },
        }),
      )
      expect(refused.errors[0]?.message).toMatch(/"to" must be a date/)
    })

    it('exports the appointments of a customer and erases their notes, in the audit log too', async () => {
      const { service } = await createSchedule(app)
      const password = 'correct-horse-battery'
      const person = await createUserAndLogin(app, { email: 'carla@example.com', password })
      const note = 'Nut allergy, call Carla on 0151 2345'
      const appointment = await booked(
        { notes: note, service: service.id, start: berlinTime(dayFromNow(5), '10:00') },
        person.token,
      )
      const exported = await json<{ appointments: { id: string; notes: string }[] }>(
        await app.rest.get(`/${slugs.users}/me/export`, { token: person.token }),
      )
      expect(exported.appointments).toMatchObject([{ id: appointment.id, notes: note }])
      const erased = await app.rest.post(
        `/${slugs.users}/me/erase`,
        { password },
        { token: person.token },
      )
      expect(erased.status).toBe(200)
      expect(await searchDatabase(app.sql, 'Nut allergy')).toEqual([])
      const { rows } = await app.sql.query('SELECT status FROM appointments WHERE id = $1', [
        appointment.id,
      ])
      expect(rows[0]?.status).toBe('confirmed')
    })
  })

  it('retention forgets old appointment notes and keeps the accounts that have appointments', async () => {
    const { service } = await createSchedule(app)
    const person = await createUserAndLogin(app, { email: 'old-customer@example.com' })
    const old = await booked(
      { notes: 'Old note', service: service.id, start: berlinTime(dayFromNow(2), '10:00') },
      person.token,
    )
    const upcoming = await booked(
      { notes: 'Upcoming note', service: service.id, start: berlinTime(dayFromNow(3), '10:00') },
      person.token,
    )
    const back = "- interval '400 days'"
    await app.sql.query(
      `UPDATE appointments SET start = start ${back}, "end" = "end" ${back},
         blocked_from = blocked_from ${back}, blocked_until = blocked_until ${back} WHERE id = $1`,
      [old.id],
    )
    // A dormant account: created long ago, no sign-in on record within the period.
    await app.sql.query(`UPDATE users SET created_at = now() - interval '4 years' WHERE id = $1`, [
      person.id,
    ])
    await app.sql.query(
      'SET audit.allow_truncate = on; TRUNCATE audit_logs; RESET audit.allow_truncate',
    )
    const output = await applyRetention(await createLocalReq({}, app.payload))
    expect(output).toMatchObject({ accountsErased: 0, appointmentNotes: 1 })
    const { rows } = await app.sql.query('SELECT id::text, notes FROM appointments ORDER BY start')
    expect(rows).toEqual([
      { id: old.id, notes: null },
      { id: upcoming.id, notes: 'Upcoming note' },
    ])
    const account = await app.sql.query('SELECT count(*)::int AS n FROM users WHERE id = $1', [
      person.id,
    ])
    expect(account.rows[0]?.n).toBe(1)
  })

  it('no two appointments of one resource ever overlap, under concurrent random bookings', async () => {
    const { service } = await createSchedule(app, {
      bufferAfterMinutes: 10,
      closes: '18:00',
      opens: '08:00',
      resources: 3,
    })
    const other = await app.payload.create({
      collection: slugs.services,
      data: {
        bufferAfterMinutes: 0,
        bufferBeforeMinutes: 0,
        currency: 'EUR',
        durationMinutes: 45,
        maxGuests: 2,
        minGuests: 1,
        name: 'Wash',
        price: 0,
        pricing: 'per_appointment',
        published: true,
      },
    })
    const rooms = await app.payload.find({ collection: slugs.resources, limit: 10 })
    for (const room of rooms.docs) {
      await app.payload.update({
        collection: slugs.resources,
        data: { services: [service.id, other.id] },
        id: room.id,
      })
    }
    const day = dayFromNow(9)
    const requests = fc.array(
      fc.record({
        quarter: fc.integer({ max: 40, min: 0 }),
        service: fc.constantFrom(service.id, other.id),
        who: fc.constantFrom(user.token, otherUser.token, admin.token),
      }),
      { maxLength: 40, minLength: 20 },
    )
    await fc.assert(
      fc.asyncProperty(requests, async (batch) => {
        await app.sql.query('DELETE FROM appointments')
        const statuses = await Promise.all(
          batch.map(async ({ quarter, service: chosen, who }) => {
            const start = new Date(Date.parse(berlinTime(day, '08:00')) + quarter * 15 * 60_000)
            const response = await book({ service: chosen, start: start.toISOString() }, who)
            return response.status
          }),
        )
        expect(statuses.filter((status) => status >= 500)).toEqual([])
        expect(statuses.every((status) => status === 201 || status === 409)).toBe(true)
        const { rows } = await app.sql.query(
          `SELECT count(*)::int AS overlaps FROM appointments a JOIN appointments b
             ON a.resource_id = b.resource_id AND a.id < b.id AND a.during && b.during
           WHERE a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed')`,
        )
        expect(rows[0]?.overlaps).toBe(0)
      }),
      { numRuns: 5, seed: 20261207 },
    )
  })
})

/** The Berlin UTC offset on `day` at noon, as +01:00 or +02:00. */
const berlinOffset = (day: string) =>
  (
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
      .formatToParts(new Date(`${day}T12:00:00Z`))
      .find(({ type }) => type === 'timeZoneName')?.value ?? 'GMT+01:00'
  ).slice(3)

/** An ISO instant for a clock time in Berlin on `day`. */
const berlinTime = (day: string, clock: string) =>
  new Date(`${day}T${clock}:00${berlinOffset(day)}`).toISOString()
