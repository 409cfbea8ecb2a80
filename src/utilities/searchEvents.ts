import { sql } from '@payloadcms/db-postgres'
import { type PayloadRequest } from 'payload'

import type { Event } from '../../payload-types'
import { slugs } from '../slugs'
import { transactionDb } from './transactionDb'
import { PublicError } from './publicError'

export const MAX_QUERY_LENGTH = 200

export type SearchEventsArgs = { depth: number; limit: number; page: number; q: string }
export type SearchEventsResult = {
  docs: Event[]
  limit: number
  page: number
  q: string
  totalDocs: number
  totalPages: number
}

/**
 * Published events ranked by PostgreSQL full-text search (websearch syntax: quotes, OR, -word) over
 * title, description, venue name and city, and tag names. One ranked query on the partial GIN index
 * (ts_rank, weighted A/B/C; ts_rank_cd's proximity ranking cost 1.6x on 100k events: bench:search)
 * picks the page of ids; the documents then come through the Local API with the caller's access.
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
  const { rows } = await db.execute<{ id: string; total: string }>(sql`
    SELECT e.id, count(*) OVER () AS total
    FROM events e, websearch_to_tsquery('english', ${q}) AS query
    WHERE e.status = 'published' AND e.search_vector @@ query
    ORDER BY ts_rank(e.search_vector, query) DESC, e.start_date ASC
    LIMIT ${limit} OFFSET ${(page - 1) * limit}
  `)
  const ids = rows.map(({ id }) => id)
  const totalDocs = Number(rows[0]?.total ?? 0)

  const found = ids.length
    ? await req.payload.find({
        collection: slugs.events,
        depth,
        limit: ids.length,
        overrideAccess: false,
        pagination: false,
        req,
        user: req.user,
        where: { id: { in: ids } },
      })
    : { docs: [] }
  const byId = new Map(found.docs.map((doc) => [doc.id, doc]))

  return {
    docs: ids.flatMap((id) => byId.get(id) ?? []),
    limit,
    page,
    q,
    totalDocs,
    totalPages: Math.ceil(totalDocs / limit),
  }
}
