import { sql } from '@payloadcms/db-postgres'
import { type PayloadRequest } from 'payload'

import type { EventDoc } from '../../src/documents'
import { slugs } from '../../src/slugs'
import { cachedPublicEvents, withLiveSeats } from './cachedEvent'
import { liveSeatsBookedSql } from './liveSeats'
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

/**
 * The found events in rank order, as the caller may read them. Anonymous searches at depth 0 or 1
 * take each event from the public cache with the seat counter the ranking query just read, so a
 * warm search is that one statement; others load them through the Local API with their access.
 */
const loadEvents = async (
  req: PayloadRequest,
  rows: { booked: number; id: number | string }[],
  depth: number,
): Promise<EventDoc[]> => {
  if (rows.length === 0) return []
  if (!req.user && (depth === 0 || depth === 1)) {
    const events = await cachedPublicEvents(
      req.payload,
      rows.map(({ id }) => id),
      depth,
    )
    return rows.flatMap(({ booked }, i) => {
      const event = events[i]
      return event ? [withLiveSeats(event, booked)] : []
    })
  }
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

  const db = await transactionDb(req)
  const { rows } = await db.execute<{ booked: number; id: number | string; total: string }>(sql`
    SELECT e.id, ${sql.raw(liveSeatsBookedSql('e'))}::float8 AS booked, count(*) OVER () AS total
    FROM events e, websearch_to_tsquery('english', ${q}) AS query
    WHERE ${sql.raw(publishedEventSql('e'))} AND e.search_vector @@ query
    ORDER BY ts_rank(e.search_vector, query) DESC, e.start_date ASC
    LIMIT ${limit} OFFSET ${(page - 1) * limit}
  `)
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
