import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Event } from '../payload-types'
import { buildAppConfig } from '../src/app/appConfig'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createVenue,
  DAY,
  insertBookingRow,
  json,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type ErrorResponse = {
  errors: { data?: { errors?: { message: string; path: string }[] }; message: string }[]
}
type SearchResponse = { docs: Event[]; totalDocs: number }

const lexical = (text: string) => ({
  root: {
    children: [{ children: [{ text, type: 'text', version: 1 }], type: 'paragraph', version: 1 }],
    direction: null,
    format: '' as const,
    indent: 0,
    type: 'root',
    version: 1,
  },
})

describe('events', () => {
  let organizer: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    ;({ organizer } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const postEvent = async (data: Record<string, unknown>) => {
    const venue = await createVenue(app, { capacity: 200 })
    const start = Date.now() + 10 * DAY
    return app.rest.post(
      `/${slugs.events}`,
      {
        capacity: 50,
        endDate: new Date(start + 7_200_000).toISOString(),
        startDate: new Date(start).toISOString(),
        title: 'Jazz Night',
        venue: venue.id,
        ...data,
      },
      { token: organizer.token },
    )
  }

  describe('validation', () => {
    it('should generate a URL-safe slug from the title', async () => {
      const { doc } = await json<{ doc: Event }>(
        await postEvent({ title: 'Café Müller: Jazz & Soul!' }),
      )

      expect(doc.slug).toBe('cafe-muller-jazz-soul')
    })

    it('should refuse a malformed slug with a message naming the format', async () => {
      const response = await postEvent({ slug: 'Not A Slug' })

      expect(response.status).toBe(400)
      expect(JSON.stringify(await response.json())).toContain(
        'lowercase letters, digits and single hyphens',
      )
    })

    it('should refuse a duplicate slug', async () => {
      await postEvent({ slug: 'same-slug' })

      const response = await postEvent({ slug: 'same-slug' })

      expect(response.status).toBe(400)
    })

    it('should refuse an end date before the start date', async () => {
      const start = Date.now() + 10 * DAY
      const response = await postEvent({
        endDate: new Date(start - 1000).toISOString(),
        startDate: new Date(start).toISOString(),
      })

      expect(response.status).toBe(400)
      expect(JSON.stringify(await response.json())).toContain(
        'End date must be after the start date.',
      )
    })

    it.each([
      ['javascript:alert(document.cookie)', 400],
      ['data:text/html,<script>alert(1)</script>', 400],
      ['https://example.com/tickets', 201],
      ['/events/jazz', 201],
      ['mailto:box@example.com', 201],
    ])('should allow only safe link targets in the description: %s -> %d', async (url, status) => {
      const text = {
        detail: 0,
        format: 0,
        mode: 'normal',
        style: '',
        text: 'tickets',
        type: 'text',
        version: 1,
      }
      const link = {
        children: [text],
        direction: 'ltr',
        fields: { linkType: 'custom', newTab: false, url },
        format: '',
        indent: 0,
        type: 'link',
        version: 3,
      }
      const description = {
        root: {
          children: [
            {
              children: [link],
              direction: 'ltr',
              format: '',
              indent: 0,
              type: 'paragraph',
              version: 1,
            },
          ],
          direction: 'ltr',
          format: '',
          indent: 0,
          type: 'root',
          version: 1,
        },
      }

      const response = await postEvent({ description })

      expect(response.status).toBe(status)
    })

    it.each([
      [{ capacity: 0 }, 'Capacity must be a whole number above 0.'],
      [{ price: -1 }, 'Price must be 0 or more, with at most 2 decimals.'],
      [{ currency: 'euro' }, 'Currency must be an ISO 4217 code'],
      [{ capacity: 201 }, "exceeds the venue's capacity of 200"],
    ])('should refuse %o with a clear message', async (data, message) => {
      const response = await postEvent(data)

      expect(response.status).toBe(400)
      expect(JSON.stringify(await response.json())).toContain(message)
    })

    it('should refuse lowering capacity below the seats already booked', async () => {
      const event = await createEvent(app, { capacity: 10, organizer: organizer.id })
      await app.sql.query('UPDATE events SET seats_booked = 8 WHERE id = $1', [event.id])

      const response = await app.rest.patch(
        `/${slugs.events}/${event.id}`,
        { capacity: 5 },
        { token: organizer.token },
      )

      expect(response.status).toBe(409)
    })

    it('should compute seatsAvailable from capacity and seats booked', async () => {
      const event = await createEvent(app, { capacity: 10 })
      await app.sql.query('UPDATE events SET seats_booked = 4 WHERE id = $1', [event.id])

      const { seatsAvailable } = await json<Event>(
        await app.rest.get(`/${slugs.events}/${event.id}`),
      )

      expect(seatsAvailable).toBe(6)
    })
  })

  describe('database rules', () => {
    it.each([
      ['events_capacity_positive', 'UPDATE events SET capacity = 0'],
      ['events_price_non_negative', 'UPDATE events SET price = -5'],
      ['events_end_after_start', 'UPDATE events SET end_date = start_date'],
      ['events_slug_format', "UPDATE events SET slug = 'Bad Slug'"],
      ['events_seats_booked_bounds', 'UPDATE events SET seats_booked = -1'],
      ['venues_latitude_range', 'UPDATE venues SET latitude = 91'],
      ['venues_longitude_range', 'UPDATE venues SET longitude = -181'],
    ])('should have PostgreSQL enforce %s', async (constraint, statement) => {
      await createEvent(app)

      await expect(app.sql.query(statement)).rejects.toThrow(constraint)
    })

    it('should refuse a booking whose total is not unit price times seats', async () => {
      const event = await createEvent(app)

      await expect(
        app.sql.query(
          `INSERT INTO bookings (event_id, seats, status, unit_price, currency, total_price, reference)
           VALUES ($1, 2, 'confirmed', 10, 'EUR', 25, 'ABCDEFGH')`,
          [event.id],
        ),
      ).rejects.toThrow('bookings_total_matches_unit_price')
    })

    it('should refuse deleting an event that has bookings, in the API and in the database', async () => {
      const event = await createEvent(app, { organizer: organizer.id })
      await insertBookingRow(app.sql, { event: event.id, seats: 1, unitPrice: 25 })

      const response = await app.rest.delete(`/${slugs.events}/${event.id}`, {
        token: organizer.token,
      })

      expect(response.status).toBe(409)
      await expect(app.sql.query('DELETE FROM events WHERE id = $1', [event.id])).rejects.toThrow(
        'bookings_event_id_events_id_fk',
      )
    })

    it('should refuse deleting a venue that events use', async () => {
      const event = await createEvent(app)
      const venueId = typeof event.venue === 'object' ? event.venue.id : event.venue

      await expect(app.payload.delete({ collection: slugs.venues, id: venueId })).rejects.toThrow(
        '1 events still refer to it',
      )
    })
  })

  describe('full-text search', () => {
    beforeEach(async () => {
      const jazzClub = await createVenue(app, {
        address: { city: 'Hamburg' },
        name: 'Blue Note Club',
      })
      const tag = await app.payload.create({
        collection: slugs.tags,
        data: { name: 'Saxophone', slug: 'saxophone' },
      })
      await createEvent(app, { title: 'Late Night Jazz', venue: jazzClub.id })
      await createEvent(app, {
        description: lexical('An evening of smooth jazz standards'),
        title: 'Standards',
      })
      await createEvent(app, { tags: [tag.id], title: 'Brass Evening' })
      await createEvent(app, { status: 'draft', title: 'Secret Jazz Rehearsal' })
      await createEvent(app, { title: 'Rock Festival' })
    })

    const search = async (q: string) =>
      json<SearchResponse>(
        await app.rest.get(`/${slugs.events}/search?q=${encodeURIComponent(q)}&depth=0`),
      )

    it('should rank title matches above description matches and skip unpublished events', async () => {
      const { docs } = await search('jazz')

      expect(docs.map((doc) => doc.title)).toEqual(['Late Night Jazz', 'Standards'])
    })

    it('should answer a repeated anonymous search in 1 statement, with live seats', async () => {
      queries.length = 0
      const { docs } = await search('jazz')
      // Cold: the ranked query (its ids are cached per query), the live seats, and one find for
      // the events not cached yet.
      expect(queries).toHaveLength(3)

      const standards = docs.find((doc) => doc.title === 'Standards')
      await app.sql.query('UPDATE events SET seats_booked = 7 WHERE id = $1', [standards?.id])

      queries.length = 0
      const again = await search('jazz')

      expect(queries).toHaveLength(1)
      expect(again.docs.map((doc) => doc.title)).toEqual(['Late Night Jazz', 'Standards'])
      expect(again.docs[1]).toMatchObject({ seatsAvailable: 93, seatsBooked: 7 })
      const signedIn = await app.rest.get(`/${slugs.events}/search?q=jazz&depth=0`, {
        token: organizer.token,
      })
      expect((await json<SearchResponse>(signedIn)).docs[1]).toMatchObject({ seatsBooked: 7 })
    })

    it('should find events by venue city and by tag name', async () => {
      expect((await search('hamburg')).docs.map((doc) => doc.title)).toEqual(['Late Night Jazz'])
      expect((await search('saxophone')).docs.map((doc) => doc.title)).toEqual(['Brass Evening'])
    })

    it('should follow a venue rename', async () => {
      const { docs } = await app.payload.find({
        collection: slugs.venues,
        where: { name: { equals: 'Blue Note Club' } },
      })
      await app.payload.update({
        collection: slugs.venues,
        data: { name: 'Harbour Hall' },
        id: String(docs[0]?.id),
      })

      expect((await search('harbour')).docs.map((doc) => doc.title)).toEqual(['Late Night Jazz'])
    })

    it('should follow an event retitle but not rebuild on unrelated edits', async () => {
      const { docs } = await app.payload.find({
        collection: slugs.events,
        where: { title: { equals: 'Rock Festival' } },
      })
      const id = String(docs[0]?.id)
      await app.payload.update({ collection: slugs.events, data: { title: 'Metal Festival' }, id })
      queries.length = 0
      await app.payload.update({ collection: slugs.events, data: { capacity: 90 }, id })

      expect((await search('metal')).docs.map((doc) => doc.title)).toEqual(['Metal Festival'])
      expect(queries.some((query) => query.includes('events_search_refresh'))).toBe(false)
    })

    it('should refuse a missing query with 400', async () => {
      const response = await app.rest.get(`/${slugs.events}/search`)

      expect(response.status).toBe(400)
      expect((await json<ErrorResponse>(response)).errors[0]?.message).toContain('"q" is required')
    })

    it("should keep a partial GIN index over the published events' vectors", async () => {
      const { rows } = await app.sql.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'events_search_vector_idx'`,
      )

      expect(rows[0]?.indexdef).toMatch(/USING gin \(search_vector\) WHERE \(status = 'published'/)
    })
  })

  describe('SQL statements per request', () => {
    const count = async (request: () => Promise<Response>) => {
      queries.length = 0
      const response = await request()
      expect(response.status).toBeLessThan(300)
      return queries.length
    }

    it('should list events at depth 0 in at most 3 statements', async () => {
      await Promise.all([1, 2, 3, 4, 5].map(() => createEvent(app)))

      expect(
        await count(() => app.rest.get(`/${slugs.events}?depth=0&limit=20`)),
      ).toBeLessThanOrEqual(3)
    })

    it('should read one event at depth 0 in at most 2 statements', async () => {
      const event = await createEvent(app)

      expect(
        await count(() => app.rest.get(`/${slugs.events}/${event.id}?depth=0`)),
      ).toBeLessThanOrEqual(2)
    })

    it('should list bookings and venues at depth 0 in at most 3 statements', async () => {
      expect(await count(() => app.rest.get(`/${slugs.venues}?depth=0`))).toBeLessThanOrEqual(3)
      expect(
        await count(() => app.rest.get(`/${slugs.bookings}?depth=0`, { token: organizer.token })),
      ).toBeLessThanOrEqual(3)
    })

    // A plain booking takes the one-statement path (bookingFastPath.test.ts); this is Payload's
    // create, with the same claim: the offer is read afresh in its transaction (the claim cannot
    // be retried there), and Payload writes the booking's lines and reads it back.
    it('should create a booking through Payload in at most 10 statements: auth, begin, offer, claim, booking, lines, read, tickets, audit, commit', async () => {
      const event = await createEvent(app)

      const statements = await count(() =>
        app.rest.post(
          `/${slugs.bookings}?depth=0`,
          { event: event.id, paymentReference: 'ignored for organizers', seats: 1 },
          { token: organizer.token },
        ),
      )

      expect(statements).toBeLessThanOrEqual(10)
    })
  })

  describe('cached anonymous reads of one event', () => {
    const read = async (id: string, query = '?depth=1') => {
      queries.length = 0
      const response = await app.rest.get(`/${slugs.events}/${id}${query}`)
      return {
        body: await json<Event>(response),
        statements: queries.length,
        status: response.status,
      }
    }
    const taggedEvent = async () => {
      const tag = await app.payload.create({
        collection: slugs.tags,
        data: { name: 'Brass', slug: 'brass' },
      })
      return { event: await createEvent(app, { capacity: 40, tags: [tag.id] }), tag }
    }

    it('should answer what Payload answers, then in 1 statement (the live seat counter)', async () => {
      const { event } = await taggedEvent()

      const first = await read(event.id)
      const second = await read(event.id)

      const payloads = await app.payload.findByID({
        collection: slugs.events,
        depth: 1,
        id: event.id,
        overrideAccess: false,
      })
      expect(first.body).toEqual(JSON.parse(JSON.stringify(payloads)))
      expect(second.body).toEqual(first.body)
      expect(second.statements).toBe(1)
    })

    it('should show seats booked since it was cached', async () => {
      const { event } = await taggedEvent()
      await read(event.id)

      const booking = await app.rest.post(
        `/${slugs.bookings}?depth=0`,
        { event: event.id, seats: 3 },
        { token: organizer.token },
      )
      expect(booking.status).toBe(201)

      expect((await read(event.id)).body).toMatchObject({ seatsAvailable: 37, seatsBooked: 3 })
    })

    it('should show a changed event, venue or tag at once', async () => {
      const { event, tag } = await taggedEvent()
      await read(event.id)

      await app.payload.update({ collection: slugs.tags, data: { name: 'Strings' }, id: tag.id })
      await app.payload.update({
        collection: slugs.venues,
        data: { name: 'Renamed Hall' },
        id: String(typeof event.venue === 'object' ? event.venue.id : event.venue),
      })
      await app.payload.update({
        collection: slugs.events,
        data: { title: 'New title' },
        id: event.id,
      })

      expect((await read(event.id)).body).toMatchObject({
        tags: [{ name: 'Strings' }],
        title: 'New title',
        venue: { name: 'Renamed Hall' },
      })
    })

    it('should stop serving an event once it is no longer published', async () => {
      const { event } = await taggedEvent()
      await read(event.id)

      await app.payload.update({
        collection: slugs.events,
        data: { status: 'draft' },
        id: event.id,
      })

      expect((await read(event.id)).status).toBe(404)
    })

    it("should leave other reads to Payload's own handlers", async () => {
      const draft = await createEvent(app, { organizer: organizer.id, status: 'draft' })
      const published = await createEvent(app)

      expect((await read(draft.id)).status).toBe(404)
      const own = await app.rest.get(`/${slugs.events}/${draft.id}?depth=0`, {
        token: organizer.token,
      })
      expect(own.status).toBe(200)
      const count = await app.rest.get(`/${slugs.events}/count`)
      expect(await json(count)).toEqual({ totalDocs: 1 })
      expect((await read(published.id, '?depth=2')).body.venue).toMatchObject({
        address: { city: 'Berlin' },
      })
      expect((await read('not-an-id', '')).status).toBe(404)
    })
  })

  describe('GraphQL', () => {
    it('should list published events with their venue', async () => {
      await createEvent(app, { title: 'GraphQL Gig' })

      const response = await app.graphql(
        '{ Events { docs { title seatsAvailable venue { name } } } }',
      )

      const body = await json<{ data: { Events: { docs: { title: string }[] } } }>(response)
      expect(body.data.Events.docs.map((doc) => doc.title)).toEqual(['GraphQL Gig'])
    })

    it('should search events with SearchEvents', async () => {
      await createEvent(app, { title: 'Midnight Jazz Session' })
      await createEvent(app, { title: 'Folk Morning' })

      const response = await app.graphql(
        '{ SearchEvents(q: "jazz") { totalDocs docs { title venue { name } } } }',
      )

      const body = await json<{
        data: { SearchEvents: { docs: { title: string }[]; totalDocs: number } }
      }>(response)
      expect(body.data.SearchEvents).toMatchObject({
        docs: [{ title: 'Midnight Jazz Session' }],
        totalDocs: 1,
      })
    })

    it('should create an event without a slug and generate it, as REST does', async () => {
      const venue = await createVenue(app)
      const start = Date.now() + 10 * DAY
      const mutation = `mutation ($venue: String!, $start: String!, $end: String!) {
        createEvent(data: { title: "GraphQL Launch Party", venue: $venue, capacity: 20,
                            startDate: $start, endDate: $end, category: party, status: draft,
                            price: 0, currency: "EUR" }) { slug organizer { id } }
      }`

      const response = await app.graphql(mutation, {
        token: organizer.token,
        variables: {
          end: new Date(start + 3_600_000).toISOString(),
          start: new Date(start).toISOString(),
          venue: venue.id,
        },
      })

      expect(await response.json()).toEqual({
        data: { createEvent: { organizer: { id: organizer.id }, slug: 'graphql-launch-party' } },
      })
    })

    it('should refuse a query over the cost limits with a 400', async () => {
      const nested = Array.from({ length: 400 }, (_, i) => `e${i}: Events { docs { title } }`).join(
        ' ',
      )

      const response = await app.graphql(`{ ${nested} }`)

      expect(response.status).toBe(400)
      expect(JSON.stringify(await response.json())).toMatch(/more than 20 aliased fields/)
    })
  })

  describe('extending', () => {
    it('should add a field to events from the app config without forking', async () => {
      const config = await buildAppConfig({
        plugin: {
          collections: {
            events: {
              fields: ({ defaultFields }) => [
                ...defaultFields,
                { name: 'dressCode', type: 'text' },
              ],
            },
          },
        },
      })

      const events = config.collections.find(({ slug }) => slug === slugs.events)
      expect(events?.fields.some((field) => 'name' in field && field.name === 'dressCode')).toBe(
        true,
      )
      expect(events?.hooks.beforeChange?.length).toBeGreaterThan(0)
    })
  })
})
