/**
 * What the visitor's site builds on, against the real database: the listing's filters give the
 * same events as `GET /api/events?where=...` (the full-text part as `/api/events/search`), the
 * cancellation cut-off (hook and CHECK), the verification fields only admins may set, the
 * sitemap's entries and the sign-in form's return path.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import {
  eventListingWhere,
  getPublishedEvent,
  getSitemapEntries,
  listEvents,
  parseEventFilters,
} from 'payload-events-cms/site'

import { returnPath } from '../src/app/(site)/_lib/forms'
import { signedMessages, signedPath } from '../src/app/(site)/_lib/signedMessages'
import {
  type Actor,
  createActors,
  createEvent,
  createVenue,
  firstErrorMessage,
  json,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

const DAY = 86_400_000

describe('the visitor site', () => {
  const app = useTestApp()
  let actors: Record<'admin' | 'organizer' | 'otherOrganizer' | 'otherUser' | 'user', Actor>
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    actors = await createActors(app)
    const hamburg = await createVenue(app, { address: { city: 'Hamburg' }, name: 'Harbour Hall' })
    const berlin = await createVenue(app, { address: { city: 'Berlin' }, name: 'Spree Stage' })
    const tag = await app.payload.create({
      collection: slugs.tags,
      data: { name: 'Jazz', slug: 'jazz' },
    })
    ids.tag = String(tag.id)
    ids.hamburg = String(hamburg.id)
    const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()
    const make = async (title: string, data: Record<string, unknown>) =>
      String((await createEvent(app, { title, ...data })).id)
    ids.jazz = await make('Harbour Jazz', {
      category: 'concert',
      tags: [tag.id],
      venue: hamburg.id,
    })
    ids.talk = await make('Free Talk', {
      category: 'conference',
      endDate: at(3.1),
      price: 0,
      startDate: at(3),
      venue: berlin.id,
    })
    // Free of its own, but its one ticket type costs money: a paid event.
    ids.typed = await make('Typed Gala', { category: 'party', price: 0, venue: berlin.id })
    const type = await app.rest.post(
      `/${slugs.ticketTypes}`,
      { capacity: 10, event: ids.typed, name: 'Gala seat', price: 40 },
      { token: actors.admin.token },
    )
    expect(type.status).toBe(201)
    ids.past = await make('Old Blues', {
      category: 'concert',
      endDate: at(-9.9),
      startDate: at(-10),
      venue: hamburg.id,
    })
    ids.draft = await make('Draft Jazz', {
      category: 'concert',
      status: 'draft',
      venue: hamburg.id,
    })
  })

  /** A nested value as bracketed query parameters (`where[and][0][category][equals]=x`). */
  const params = (value: unknown, prefix: string, into: URLSearchParams) => {
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) params(inner, `${prefix}[${key}]`, into)
    } else into.append(prefix, String(value))
    return into
  }

  /** The ids `GET /api/events` answers for the listing's `where`, as an anonymous client. */
  const fromApi = async (where: unknown, sort: string) => {
    const response = await app.rest.get(
      `/${slugs.events}?${params(where, 'where', new URLSearchParams({ depth: '0', limit: '100', sort }))}`,
    )
    return (await json<{ docs: { id: string }[] }>(response)).docs.map(({ id }) => String(id))
  }

  it.each([
    ['nothing', {}],
    ['a category', { category: 'concert' }],
    ['a tag', { tag: 'TAG' }],
    ['a venue', { venue: 'HAMBURG' }],
    ['a city', { city: 'berlin' }],
    ['free', { cost: 'free' }],
    ['paid', { cost: 'paid' }],
    [
      'a day range',
      {
        from: new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10),
        to: new Date(Date.now() + 4 * DAY).toISOString().slice(0, 10),
      },
    ],
    ['the past', { when: 'past' }],
  ])('should list the same events as the API for %s', async (_, raw) => {
    const query = JSON.parse(
      JSON.stringify(raw)
        .replace('TAG', ids.tag ?? '')
        .replace('HAMBURG', ids.hamburg ?? ''),
    ) as Record<string, string>
    const { filters, problems } = parseEventFilters(query)
    expect(problems).toEqual([])
    const listed = (await listEvents(app.payload, filters)).docs.map(({ id }) => String(id))
    const api = await fromApi(
      await eventListingWhere(app.payload, filters, new Date()),
      filters.past ? '-startDate' : 'startDate',
    )
    expect(listed).toEqual(api)
    expect(listed).not.toContain(ids.draft)
  })

  it('should find what the full-text search finds, within the other filters', async () => {
    const search = await json<{ docs: { id: string }[] }>(
      await app.rest.get(`/${slugs.events}/search?q=jazz`),
    )
    const { filters } = parseEventFilters({ q: 'jazz' })
    const listed = (await listEvents(app.payload, filters)).docs.map(({ id }) => String(id))
    expect(listed).toEqual(search.docs.map(({ id }) => String(id)))
    expect(listed).toEqual([ids.jazz])
    const { filters: narrowed } = parseEventFilters({ category: 'party', q: 'jazz' })
    expect((await listEvents(app.payload, narrowed)).docs).toEqual([])
  })

  it('should tell free from paid by ticket types too, and show the cheapest price', async () => {
    const paid = await listEvents(app.payload, parseEventFilters({ cost: 'paid' }).filters)
    const typed = paid.docs.find(({ id }) => String(id) === ids.typed)
    expect(typed?.priceFrom).toBe(40)
    const free = await listEvents(app.payload, parseEventFilters({ cost: 'free' }).filters)
    expect(free.docs.map(({ id }) => String(id))).toEqual([ids.talk])
  })

  it('should leave out and name each filter a URL gets wrong, and list anyway', () => {
    const { filters, problems } = parseEventFilters({
      category: 'nope',
      cost: 'cheap',
      from: '2027-13-45',
      page: '-1',
      q: 'x'.repeat(201),
      tag: "1' OR 1=1",
      to: ['2027-01-01', 'x'],
      venue: 'ok-id',
    })
    expect(filters).toEqual({ page: 1, past: false, to: '2027-01-01', venue: 'ok-id' })
    expect(problems).toHaveLength(6)
    expect(problems.join(' ')).toMatch(/category.*cost|cost.*category/s)
  })

  it('should let a customer cancel until the cut-off, then refuse with the time, while admins still can', async () => {
    const start = Date.now() + 20 * 3_600_000
    const event = await createEvent(app, {
      cancellationCutoffHours: 24,
      endDate: new Date(start + 3_600_000).toISOString(),
      organizer: actors.organizer.id,
      price: 0,
      startDate: new Date(start).toISOString(),
    })
    const booking = async (token = actors.user.token) =>
      (
        await json<{ doc: { id: string } }>(
          await app.rest.post('/bookings', { event: event.id, seats: 1 }, { token }),
        )
      ).doc.id
    const cancel = (id: string, token: string) =>
      app.rest.patch(`/bookings/${id}`, { status: 'cancelled' }, { token })
    // Another organizer booked as a customer: the cut-off holds for them too.
    const theirs = await booking(actors.otherOrganizer.token)
    expect((await cancel(theirs, actors.otherOrganizer.token)).status).toBe(409)
    expect((await cancel(theirs, actors.admin.token)).status).toBe(200)
    const first = await booking()
    const late = await app.rest.patch(
      `/bookings/${first}`,
      { status: 'cancelled' },
      { token: actors.user.token },
    )
    expect(late.status).toBe(409)
    expect(await firstErrorMessage(late)).toMatch(
      /^Cancellations for this event closed at \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    )
    const byAdmin = await app.rest.patch(
      `/bookings/${first}`,
      { status: 'cancelled' },
      { token: actors.admin.token },
    )
    expect(byAdmin.status).toBe(200)
    // A wider event: the cut-off is a day before a start two days away.
    await app.payload.update({
      collection: slugs.events,
      data: {
        endDate: new Date(start + 30 * 3_600_000).toISOString(),
        startDate: new Date(start + 28 * 3_600_000).toISOString(),
      },
      id: event.id,
    })
    const second = await booking()
    const inTime = await app.rest.patch(
      `/bookings/${second}`,
      { status: 'cancelled' },
      { token: actors.user.token },
    )
    expect(inTime.status).toBe(200)
  })

  it('should keep the cut-off whole hours from 0 to 8760, in the API and in PostgreSQL', async () => {
    const event = await createEvent(app)
    for (const value of [-1, 1.5, 9000]) {
      const response = await app.rest.patch(
        `/${slugs.events}/${event.id}`,
        { cancellationCutoffHours: value },
        { token: actors.admin.token },
      )
      expect(response.status, String(value)).toBe(400)
      await expect(
        app.sql.query('UPDATE events SET cancellation_cutoff_hours = $1 WHERE id = $2', [
          value,
          event.id,
        ]),
      ).rejects.toThrow(/events_cancellation_cutoff_valid/)
    }
  })

  it('should let only admins mark an account verified', async () => {
    /** Signs up `email` asking to be verified (as `who`, or anonymously): status and the stored flag. */
    const signUpVerified = async (email: string, who?: Actor) => {
      const response = await app.rest.post(
        '/users',
        { _verified: true, email, password: 'a-long-password-here' },
        who ? { token: who.token } : {},
      )
      const { rows } = await app.sql.query<{ verified: boolean | null }>(
        'SELECT _verified AS verified FROM users WHERE email = $1',
        [email],
      )
      return { status: response.status, verified: rows[0]?.verified }
    }
    const self = await signUpVerified('self-verified@example.com')
    expect(self.status).toBe(201)
    expect(self.verified).not.toBe(true)
    const byCustomer = await signUpVerified('made-by-customer@example.com', actors.user)
    expect(byCustomer.status).toBe(201)
    expect(byCustomer.verified).not.toBe(true)
    const byAdmin = await signUpVerified('made-by-admin@example.com', actors.admin)
    expect(byAdmin.status).toBe(201)
    expect(byAdmin.verified).toBe(true)
  })

  it('should read an event page from the cache with its seats live, and never a draft', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0, title: 'Cached Page Night' })
    const read = () =>
      getPublishedEvent<{ seatsAvailable: number; title: string }>(app.payload, 'cached-page-night')
    expect(await read()).toMatchObject({ seatsAvailable: 10, title: 'Cached Page Night' })
    const booked = await app.rest.post(
      '/bookings',
      { event: event.id, seats: 3 },
      { token: actors.user.token },
    )
    expect(booked.status).toBe(201)
    expect(await read()).toMatchObject({ seatsAvailable: 7 })
    await app.payload.update({
      collection: slugs.events,
      data: { title: 'Renamed Night' },
      id: event.id,
    })
    expect(await read()).toMatchObject({ title: 'Renamed Night' })
    await app.payload.update({
      collection: slugs.events,
      data: { status: 'draft' },
      id: event.id,
    })
    expect(await read()).toBeNull()
    expect(await getPublishedEvent(app.payload, 'no-such-event')).toBeNull()
  })

  it('should put published pages and events in the sitemap, and no draft', async () => {
    const paths = (await getSitemapEntries(app.payload)).map(({ path }) => path)
    expect(paths).toContain('/events/harbour-jazz')
    expect(paths).toContain('/events/old-blues')
    expect(paths).not.toContain('/events/draft-jazz')
  })

  it.each([
    ['/events/x?y=1', '/events/x?y=1'],
    ['//evil.example', '/account'],
    ['/\\evil.example', '/account'],
    ['https://evil.example/', '/account'],
    ['/ok\nLocation: x', '/account'],
    ['javascript:alert(1)', '/account'],
    [undefined, '/account'],
  ])('should return to %j only when it is a path of this site', (given, expected) => {
    expect(returnPath(given)).toBe(expected)
  })

  it('should show a message from the URL only when the site signed it', () => {
    const secret = 'the app secret'
    const queryOf = (path: string) => Object.fromEntries(new URL(path, 'http://site').searchParams)
    const signed = signedPath(secret, '/account', { next: '/events/x', problem: 'Wrong password.' })
    expect(signedMessages(secret, queryOf(signed))).toEqual({ problem: 'Wrong password.' })
    // No params, no signature: the path as it is.
    expect(signedPath(secret, '/account', {})).toBe('/account')
    // A crafted link: no signature, another one's signature, a changed text, another key.
    const crafted = { notice: 'Your account is closed: call +1 555 0100.' }
    expect(signedMessages(secret, crafted)).toEqual({})
    const other = queryOf(signedPath(secret, '/a', { notice: 'Saved.' }))
    expect(signedMessages(secret, { ...crafted, sig: other.sig })).toEqual({})
    expect(signedMessages(secret, { ...queryOf(signed), problem: 'Call us.' })).toEqual({})
    expect(signedMessages('another secret', queryOf(signed))).toEqual({})
    // Moving a signed sentence to another field breaks it too.
    expect(signedMessages(secret, { notice: 'Wrong password.', sig: queryOf(signed).sig })).toEqual(
      {},
    )
  })
})
