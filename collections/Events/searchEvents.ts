import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

import type { EventDoc } from '../../src/documents'
import { slugs } from '../../src/slugs'
import { cachedPublicEvents, withLiveSeats } from './cachedEvent'
import { publishedSeatsBooked } from './liveSeats'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { postgresAdapterOf } from '../../src/utilities/payloadInternals'
import { cached } from '../../src/utilities/publicCache'
import { transactionDb } from '../../src/utilities/transactionDb'
import { PublicError } from '../../src/utilities/publicError'
import { publishedEventSql } from '../../src/db/conditions'

export const MAX_QUERY_LENGTH = 200

export type SearchEventsArgs = { depth: number; limit: number; page: number; q: string }
export type SearchEventsResult = {
  docs: EventDoc[]
  limit: number
  page: number
  q: string
  totalDocs: number
  totalPages: number
}

/** The found events in rank order, loaded through the Local API with the caller's access. */
const loadEvents = async (
  req: PayloadRequest,
  rows: { id: number | string }[],
  depth: number,
): Promise<EventDoc[]> => {
  if (rows.length === 0) return []
  const found = await req.payload.find({
    collection: slugs.events,
    depth,
    limit: rows.length,
    overrideAccess: false,
    pagination: false,
    req,
    user: req.user,
    where: { id: { in: rows.map(({ id }) => id) } },
  })
  const byId = new Map(found.docs.map((doc) => [String(doc.id), doc as unknown as EventDoc]))
  return rows.flatMap(({ id }) => byId.get(String(id)) ?? [])
}

/** The ranked query: one page of ids and the number of matches. */
const rankedSql = (q: string, limit: number, page: number) => sql`
    SELECT e.id, count(*) OVER () AS total
    FROM events e, websearch_to_tsquery('english', ${q}) AS query
    WHERE ${sql.raw(publishedEventSql('e'))} AND e.search_vector @@ query
    ORDER BY ts_rank(e.search_vector, query) DESC, e.start_date ASC
    LIMIT ${limit} OFFSET ${(page - 1) * limit}
  `

type Ranked = { ids: (number | string)[]; totalDocs: number }

/**
 * An anonymous search at depth 0 or 1 from the public cache: the ranked page of ids per query
 * (cleared with the event lists: any event, venue, tag, ticket type or media change), each event
 * from the cache, and the seat counters read live in one prepared statement. A warm search is that
 * one statement.
 */
export const anonymousSearch = async (
  payload: Payload,
  { depth, limit, page, q }: SearchEventsArgs & { depth: 0 | 1 },
): Promise<SearchEventsResult> => {
  const { ids, totalDocs } = await cached<Ranked>(
    payload,
    `search:${limit}:${page}:${q}`,
    cacheTagsOf('eventList'),
    async () => {
      const { rows } = await postgresAdapterOf(payload).drizzle.execute<{
        id: number | string
        total: string
      }>(rankedSql(q, limit, page))
      return { ids: rows.map(({ id }) => id), totalDocs: Number(rows[0]?.total ?? 0) }
    },
  )
  // The live seats join the batch of every cached event read of this turn (one statement).
  const [booked, events] = await Promise.all([
    Promise.all(ids.map((id) => publishedSeatsBooked(payload, id))),
    cachedPublicEvents(payload, ids, depth),
  ])
  return {
    docs: events.flatMap((event, index) =>
      event ? [withLiveSeats(event, booked[index] ?? event.seatsBooked ?? 0)] : [],
    ),
    limit,
    page,
    q,
    totalDocs,
    totalPages: Math.ceil(totalDocs / limit),
  }
}

/** A search query as given, or a 400 naming what is wrong with it. */
export const searchQuery = (rawQuery: string): string => {
  const q = rawQuery.trim()
  if (!q) {
    throw new PublicError('Query parameter "q" is required, e.g. /api/events/search?q=jazz', 400, {
      field: 'q',
    })
  }
  if (q.length > MAX_QUERY_LENGTH) {
    throw new PublicError(
      `Query parameter "q" is longer than ${MAX_QUERY_LENGTH} characters.`,
      400,
      { field: 'q' },
    )
  }
  return q
}

/**
 * Published events ranked by PostgreSQL full-text search (websearch syntax: quotes, OR, -word) over
 * title, description, venue name and city, and tag names. One ranked query on the partial GIN index
 * (ts_rank, weighted A/B/C; ts_rank_cd's proximity ranking cost 1.6x on 100k events: bench:search)
 * picks the page of ids and their seat counters; `loadEvents` turns them into documents.
 * Shared by REST (`GET /api/events/search`) and GraphQL (`SearchEvents`).
 */
export const searchEvents = async (
  req: PayloadRequest,
  { depth, limit, page, q: rawQuery }: SearchEventsArgs,
): Promise<SearchEventsResult> => {
  const q = searchQuery(rawQuery)
  if (!req.user && (depth === 0 || depth === 1)) {
    return anonymousSearch(req.payload, { depth, limit, page, q })
  }
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ id: number | string; total: string }>(
    rankedSql(q, limit, page),
  )
  const totalDocs = Number(rows[0]?.total ?? 0)
  return {
    docs: await loadEvents(req, rows, depth),
    limit,
    page,
    q,
    totalDocs,
    totalPages: Math.ceil(totalDocs / limit),
  }
}
