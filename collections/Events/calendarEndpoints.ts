import { sql } from '@payloadcms/db-postgres'
import type { Endpoint, PayloadRequest, Where } from 'payload'

import { eventCategories } from '../../src/fields/eventCategories'
import { eventsCalendar, eventUid } from '../../src/mail/calendarFiles'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { parseId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'
import { pgArray } from '../../src/utilities/sqlValues'
import { transactionDb } from '../../src/utilities/transactionDb'

type FeedEvent = {
  endDate?: null | string
  id: number | string
  slug?: null | string
  startDate: string
  title: string
  venue?: null | {
    address?: { city?: null | string; street?: null | string } | null
    name?: string
    timeZone?: null | string
  }
}

/** How far back a feed reaches (a calendar keeps what it had; older entries need not come again). */
const FEED_PAST_DAYS = 30
const FEED_LIMIT = 500
/** Parameters Payload reads (or sets) on every request; a feed ignores them. */
const PAYLOAD_PARAMETERS = new Set(['depth', 'draft', 'fallback-locale', 'locale'])

const calendarAnswer = (body: string, filename: string) =>
  new Response(body, {
    headers: {
      'Cache-Control': 'public, max-age=300',
      'Content-Disposition': `inline; filename="${filename}"`,
      'Content-Type': 'text/calendar; charset=utf-8',
    },
  })

/**
 * What the public may see: published events, as the anonymous read rule allows (stated here, so
 * the endpoint's own bounded read is not taken for a client's list request).
 */
const publicEvents = async (req: PayloadRequest, where: Where, limit: number) => {
  const { docs } = await req.payload.find({
    collection: slugs.events,
    depth: 1,
    limit,
    overrideAccess: true,
    pagination: false,
    req,
    sort: 'startDate',
    where: { and: [{ status: { equals: 'published' } }, where] },
  })
  return docs as unknown as FeedEvent[]
}

/** Each event's calendar sequence (kept by the database: src/db/mailRulesSql.ts). */
const sequencesOf = async (req: PayloadRequest, events: FeedEvent[]) => {
  if (events.length === 0) return new Map<string, number>()
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ id: string; sequence: number }>(sql`
    SELECT id::text AS id, calendar_sequence AS sequence FROM events
     WHERE id::text = ANY(${pgArray(events.map(({ id }) => String(id)))}::text[])`)
  return new Map(rows.map(({ id, sequence }) => [id, Number(sequence)]))
}

const entriesOf = async (req: PayloadRequest, events: FeedEvent[]) => {
  const { siteUrl } = settingsOf(req.payload).mail
  const sequences = await sequencesOf(req, events)
  return events.map((event) => ({
    end: event.endDate ?? event.startDate,
    location: [event.venue?.name, event.venue?.address?.street, event.venue?.address?.city]
      .filter(Boolean)
      .join(', '),
    sequence: sequences.get(String(event.id)) ?? 0,
    start: event.startDate,
    timeZone: event.venue?.timeZone,
    title: event.title,
    uid: eventUid(siteUrl, event.id),
    url: event.slug ? `${siteUrl}/events/${encodeURIComponent(event.slug)}` : undefined,
  }))
}

/** GET /api/events/:id/calendar.ics: one published event, to add to a calendar. */
export const eventCalendarEndpoint: Endpoint = {
  handler: async (req) => {
    const id = parseId(req.routeParams?.id, settingsOf(req.payload).idType)
    if (id === undefined) throw new PublicError('Not Found', 404)
    const [event] = await publicEvents(req, { id: { equals: id } }, 1)
    if (!event) throw new PublicError('Not Found', 404)
    return calendarAnswer(
      eventsCalendar(event.title, await entriesOf(req, [event])),
      `event-${event.id}.ics`,
    )
  },
  method: 'get',
  path: '/:id/calendar.ics',
}

/**
 * GET /api/events/calendar.ics[?venue=ID][&category=NAME]: a feed to subscribe to, of a venue's or
 * a category's (or all) published events from 30 days ago on, at most 500.
 */
export const eventsFeedEndpoint: Endpoint = {
  handler: async (req) => {
    const { idType } = settingsOf(req.payload)
    const conditions: Where[] = [
      {
        startDate: {
          greater_than: new Date(Date.now() - FEED_PAST_DAYS * 86_400_000).toISOString(),
        },
      },
    ]
    const names: string[] = []
    for (const [name, value] of Object.entries(req.query)) {
      if (PAYLOAD_PARAMETERS.has(name)) continue
      if (name === 'venue') {
        const venue = typeof value === 'string' ? parseId(value, idType) : undefined
        if (venue === undefined) {
          throw new PublicError('"venue" must be one venue id.', 400, { field: 'venue' })
        }
        conditions.push({ venue: { equals: venue } })
        names.push(`venue ${venue}`)
      } else if (name === 'category') {
        if (typeof value !== 'string' || !(eventCategories as readonly string[]).includes(value)) {
          throw new PublicError(`"category" must be one of ${eventCategories.join(', ')}.`, 400, {
            field: 'category',
          })
        }
        conditions.push({ category: { equals: value } })
        names.push(value)
      } else {
        throw new PublicError(
          `Unknown parameter "${name.slice(0, 40)}": use venue or category.`,
          400,
          {
            field: name.slice(0, 40),
          },
        )
      }
    }
    const events = await publicEvents(req, { and: conditions }, FEED_LIMIT)
    const title = names.length > 0 ? `Events: ${names.join(', ')}` : 'Events'
    return calendarAnswer(eventsCalendar(title, await entriesOf(req, events)), 'events.ics')
  },
  method: 'get',
  path: '/calendar.ics',
}
