import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Booking, Event } from '../payload-types'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createVenue,
  DAY,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type Actors = Awaited<ReturnType<typeof createActors>>
type ListResponse<T> = { docs: T[]; totalDocs: number }
const DENIED = [401, 403, 404]

describe('access matrix', () => {
  let actors: Actors
  let draft: Event
  let published: Event
  let othersDraft: Event

  const app = useTestApp()

  beforeAll(async () => {
    actors = await createActors(app)
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
    published = await createEvent(app, { organizer: actors.organizer.id, title: 'Open Air' })
    draft = await createEvent(app, {
      organizer: actors.organizer.id,
      status: 'draft',
      title: 'Secret Gig',
    })
    othersDraft = await createEvent(app, { organizer: actors.otherOrganizer.id, status: 'draft' })
  })

  const as = (actor?: Actor) => ({ token: actor?.token })
  const listEvents = async (actor?: Actor) =>
    (
      await json<ListResponse<Event>>(await app.rest.get(`/${slugs.events}?limit=50`, as(actor)))
    ).docs
      .map((doc) => doc.title)
      .sort()

  describe('events', () => {
    it('should show anonymous readers and users only published events', async () => {
      expect(await listEvents()).toEqual(['Open Air'])
      expect(await listEvents(actors.user)).toEqual(['Open Air'])
    })

    it("should show organizers their own drafts but not other organizers' drafts", async () => {
      expect(await listEvents(actors.organizer)).toEqual(['Open Air', 'Secret Gig'])
    })

    it('should show admins every event', async () => {
      expect(await listEvents(actors.admin)).toHaveLength(3)
    })

    it('should hide a draft from anonymous detail reads', async () => {
      expect(DENIED).toContain((await app.rest.get(`/${slugs.events}/${draft.id}`)).status)
    })

    it.each([
      ['anonymous', undefined, false],
      ['user', 'user', false],
      ['organizer', 'organizer', true],
      ['admin', 'admin', true],
    ] as const)('should let %s create events: %s', async (_label, role, allowed) => {
      const venue = await createVenue(app)
      const start = Date.now() + 10 * DAY
      const response = await app.rest.post(
        `/${slugs.events}`,
        {
          capacity: 10,
          endDate: new Date(start + 3_600_000).toISOString(),
          startDate: new Date(start).toISOString(),
          title: 'New Event',
          venue: venue.id,
        },
        as(role ? actors[role] : undefined),
      )

      expect(response.status === 201).toBe(allowed)
    })

    it('should make the creator the organizer whatever the client sends', async () => {
      const venue = await createVenue(app)
      const start = Date.now() + 10 * DAY
      const response = await app.rest.post(
        `/${slugs.events}`,
        {
          capacity: 10,
          endDate: new Date(start + 3_600_000).toISOString(),
          organizer: actors.otherOrganizer.id,
          startDate: new Date(start).toISOString(),
          title: 'Mine',
          venue: venue.id,
        },
        as(actors.organizer),
      )

      const { doc } = await json<{ doc: Event }>(response)
      expect(typeof doc.organizer === 'object' ? doc.organizer?.id : doc.organizer).toBe(
        actors.organizer.id,
      )
    })

    it('should let an organizer edit own events only', async () => {
      const own = await app.rest.patch(
        `/${slugs.events}/${draft.id}`,
        { title: 'Renamed' },
        as(actors.organizer),
      )
      const others = await app.rest.patch(
        `/${slugs.events}/${othersDraft.id}`,
        { title: 'Hijacked' },
        as(actors.organizer),
      )

      expect(own.status).toBe(200)
      expect(DENIED).toContain(others.status)
    })

    it('should refuse users editing or deleting events', async () => {
      const edit = await app.rest.patch(
        `/${slugs.events}/${published.id}`,
        { title: 'X' },
        as(actors.user),
      )
      const remove = await app.rest.delete(`/${slugs.events}/${published.id}`, as(actors.user))

      expect(DENIED).toContain(edit.status)
      expect(DENIED).toContain(remove.status)
    })

    it("should let an organizer delete own events but not others'", async () => {
      const others = await app.rest.delete(
        `/${slugs.events}/${othersDraft.id}`,
        as(actors.organizer),
      )
      const own = await app.rest.delete(`/${slugs.events}/${draft.id}`, as(actors.organizer))

      expect(DENIED).toContain(others.status)
      expect(own.status).toBe(200)
    })

    it('should let only admins reassign the organizer', async () => {
      await app.rest.patch(
        `/${slugs.events}/${draft.id}`,
        { organizer: actors.otherOrganizer.id },
        as(actors.organizer),
      )
      const afterOrganizer = await app.payload.findByID({
        collection: slugs.events,
        depth: 0,
        id: draft.id,
      })
      await app.rest.patch(
        `/${slugs.events}/${draft.id}`,
        { organizer: actors.otherOrganizer.id },
        as(actors.admin),
      )
      const afterAdmin = await app.payload.findByID({
        collection: slugs.events,
        depth: 0,
        id: draft.id,
      })

      expect([afterOrganizer.organizer, afterAdmin.organizer]).toEqual([
        actors.organizer.id,
        actors.otherOrganizer.id,
      ])
    })

    it('should never let a client set seatsBooked, not even an admin', async () => {
      await app.rest.patch(
        `/${slugs.events}/${published.id}`,
        { seatsBooked: 50 },
        as(actors.admin),
      )

      const event = await app.payload.findByID({ collection: slugs.events, id: published.id })
      expect(event.seatsBooked).toBe(0)
    })
  })

  describe('venues and tags', () => {
    it('should let anyone read venues and tags', async () => {
      expect((await app.rest.get(`/${slugs.venues}`)).status).toBe(200)
      expect((await app.rest.get(`/${slugs.tags}`)).status).toBe(200)
    })

    it.each([
      ['user', false],
      ['organizer', true],
      ['admin', true],
    ] as const)('should let %s create venues: %s', async (role, allowed) => {
      const response = await app.rest.post(
        `/${slugs.venues}`,
        { capacity: 50, name: `Hall ${role}` },
        as(actors[role]),
      )

      expect(response.status === 201).toBe(allowed)
    })

    it('should let only admins edit venues', async () => {
      const venue = await createVenue(app)

      const byOrganizer = await app.rest.patch(
        `/${slugs.venues}/${venue.id}`,
        { name: 'X' },
        as(actors.organizer),
      )
      const byAdmin = await app.rest.patch(
        `/${slugs.venues}/${venue.id}`,
        { name: 'Y' },
        as(actors.admin),
      )

      expect([DENIED.includes(byOrganizer.status), byAdmin.status]).toEqual([true, 200])
    })
  })

  describe('bookings', () => {
    const book = async (actor: Actor, event: Event) =>
      (
        await json<{ doc: Booking }>(
          await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 }, as(actor)),
        )
      ).doc
    const listBookings = async (actor?: Actor) => {
      const response = await app.rest.get(`/${slugs.bookings}?depth=0`, as(actor))
      return response.status === 200
        ? (await json<ListResponse<Booking>>(response)).docs.map((doc) => doc.id).sort()
        : response.status
    }

    it('should show each user only their own bookings', async () => {
      const mine = await book(actors.user, published)
      await book(actors.otherUser, published)

      expect(await listBookings(actors.user)).toEqual([mine.id])
    })

    it('should refuse anonymous reads of bookings', async () => {
      await book(actors.user, published)

      expect(DENIED).toContain(await listBookings())
    })

    it('should show organizers the bookings for their events and admins all', async () => {
      const ownEvent = await book(actors.user, published)
      const othersEvent = await createEvent(app, { organizer: actors.otherOrganizer.id })
      const notTheirs = await book(actors.user, othersEvent)

      expect(await listBookings(actors.organizer)).toEqual([ownEvent.id])
      expect(await listBookings(actors.admin)).toEqual([ownEvent.id, notTheirs.id].sort())
    })

    it("should refuse cancelling somebody else's booking", async () => {
      const booking = await book(actors.user, published)

      const response = await app.rest.patch(
        `/${slugs.bookings}/${booking.id}`,
        { status: 'cancelled' },
        as(actors.otherUser),
      )

      expect(DENIED).toContain(response.status)
    })

    it('should refuse deleting bookings, for admins too: they are cancelled or refunded', async () => {
      const booking = await book(actors.user, published)

      const byOwner = await app.rest.delete(`/${slugs.bookings}/${booking.id}`, as(actors.user))
      const byAdmin = await app.rest.delete(`/${slugs.bookings}/${booking.id}`, as(actors.admin))

      expect([DENIED.includes(byOwner.status), DENIED.includes(byAdmin.status)]).toEqual([
        true,
        true,
      ])
      expect(await seatsBooked(app, String(published.id))).toBe(1)
    })
  })

  describe('users', () => {
    it('should let only admins unlock a locked account', async () => {
      const byUser = await app.rest.post(
        `/${slugs.users}/unlock`,
        { email: 'admin@example.com' },
        as(actors.user),
      )
      const byAdmin = await app.rest.post(
        `/${slugs.users}/unlock`,
        { email: 'ana@example.com' },
        as(actors.admin),
      )

      expect([DENIED.includes(byUser.status), byAdmin.status]).toEqual([true, 200])
    })

    it('should ignore a user promoting themselves', async () => {
      await app.rest.patch(`/${slugs.users}/${actors.user.id}`, { role: 'admin' }, as(actors.user))

      const user = await app.payload.findByID({ collection: slugs.users, id: actors.user.id })
      expect(user.role).toBe('user')
    })

    it('should let admins change roles', async () => {
      await app.rest.patch(
        `/${slugs.users}/${actors.otherUser.id}`,
        { role: 'organizer' },
        as(actors.admin),
      )

      const user = await app.payload.findByID({ collection: slugs.users, id: actors.otherUser.id })
      expect(user.role).toBe('organizer')
      await app.payload.update({
        collection: slugs.users,
        data: { role: 'user' },
        id: actors.otherUser.id,
      })
    })

    it('should let users read only themselves', async () => {
      const response = await app.rest.get(`/${slugs.users}`, as(actors.user))

      const { docs } = await json<ListResponse<{ id: string }>>(response)
      expect(docs.map(({ id }) => id)).toEqual([actors.user.id])
    })
  })
})
