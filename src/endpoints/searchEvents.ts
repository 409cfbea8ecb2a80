import { sql } from '@payloadcms/db-postgres'
import { APIError, type Endpoint } from 'payload'

import { slugs } from '../slugs'
import { transactionDb } from '../utilities/transactionDb'

const MAX_QUERY_LENGTH = 200

const intParam = (value: unknown, fallback: number, min: number, max: number): number => {
  const parsed = typeof value === 'string' ? Number.parseInt(value, 10) : NaN
  return Number.isFinite(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback
}

/**
 * GET /api/events/search?q=jazz+berlin&limit=10&page=1&depth=1
 *
 * Published events ranked by PostgreSQL full-text search (websearch syntax: quotes, OR, -word) over
 * title, description, venue name and city, and tag names. One ranked query on the GIN index picks
 * the page of ids; the documents then come through the Local API with the caller's access.
 */
export const searchEventsEndpoint: Endpoint = {
  handler: async (req) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : ''
    if (!q) {
      throw new APIError('Query parameter "q" is required, e.g. /api/events/search?q=jazz', 400, { field: 'q' }, true)
    }
    if (q.length > MAX_QUERY_LENGTH) {
      throw new APIError(`Query parameter "q" is longer than ${MAX_QUERY_LENGTH} characters.`, 400, { field: 'q' }, true)
    }
    const limit = intParam(req.query.limit, 10, 1, 50)
    const page = intParam(req.query.page, 1, 1, 1000)
    const depth = intParam(req.query.depth, 1, 0, 2)

    const db = await transactionDb(req)
    const { rows } = await db.execute<{ id: string; total: string }>(sql`
      SELECT e.id, count(*) OVER () AS total
      FROM events e, websearch_to_tsquery('english', ${q}) AS query
      WHERE e.status = 'published' AND e.search_vector @@ query
      ORDER BY ts_rank_cd(e.search_vector, query) DESC, e.start_date ASC
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
    const docs = ids.flatMap((id) => byId.get(id) ?? [])

    return Response.json({
      docs,
      limit,
      page,
      q,
      totalDocs,
      totalPages: Math.ceil(totalDocs / limit),
    })
  },
  method: 'get',
  path: '/search',
}
