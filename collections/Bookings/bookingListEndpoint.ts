import type { Endpoint, PayloadRequest, Where } from 'payload'

import { platformSettingsOf } from '../../src/utilities/platformSettings'
import { slugs } from '../../src/slugs'
import { type IdType, pgIdType } from '../../src/utilities/ids'
import {
  IN_FRONT_OF_PAYLOAD,
  notFoundResponse,
  payloadsHandler,
} from '../../src/utilities/payloadsEndpoint'
import { type PreparedStatement, runPrepared } from '../../src/utilities/preparedQuery'
import { FAST_ROUTE } from './createBookingEndpoint'
import { directPath } from './operations/directPath'

/** A timestamp as Payload returns it: ISO 8601, milliseconds, UTC. */
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * One page of bookings as Payload's find answers it at depth 0, in ONE statement: the page of
 * documents built as JSON by PostgreSQL and the total, newest first (Payload's default sort).
 * Two statements, one per reader: a prepared statement is planned once for all its values, and
 * `$1 IS NULL OR user_id = $1` has no plan that uses the owner's index (a generic plan scans
 * every booking, a custom one is planned anew on every call). The owner's page reads
 * (user_id, created_at) backwards and counts from the user_id index alone.
 * Owner: $1 the owner, $2 limit, $3 offset. Everyone: $1 limit, $2 offset.
 */
const pageOf = (idType: IdType, owner: boolean): PreparedStatement => {
  const mine = owner ? `WHERE user_id = $1::${pgIdType(idType)}` : ''
  const [limit, offset] = owner ? ['$2', '$3'] : ['$1', '$2']
  return {
    name: `events_cms_booking_page_${owner ? `owner_${idType}` : 'all'}`,
    text: `
    SELECT (SELECT count(*) FROM bookings ${mine})::float8 AS total, coalesce((
      SELECT json_agg(json_build_object(
        'id', id, 'event', event_id, 'user', user_id, 'seats', seats::float8, 'status', status,
        'unitPrice', unit_price::float8, 'currency', currency, 'totalPrice', total_price::float8,
        'expiresAt', ${iso('expires_at')}, 'paymentReference', payment_reference,
        'idempotencyKey', idempotency_key, 'reference', reference,
        'lines', (SELECT coalesce(json_agg(json_build_object('id', l.id,
          'ticketType', l.ticket_type_id, 'name', l.name, 'quantity', l.quantity::float8,
          'unitPrice', l.unit_price::float8) ORDER BY l._order), '[]'::json)
          FROM bookings_lines l WHERE l._parent_id = page.id),
        'contactSnapshot', json_build_object('name', contact_snapshot_name,
          'email', contact_snapshot_email, 'phone', contact_snapshot_phone),
        'updatedAt', ${iso('updated_at')}, 'createdAt', ${iso('created_at')}
      ) ORDER BY created_at DESC)
      FROM (SELECT * FROM bookings ${mine} ORDER BY created_at DESC LIMIT ${limit} OFFSET ${offset}) page
    ), '[]'::json) AS docs`,
  }
}

const wholeNumber = (value: unknown, fallback: number, max: number): number | undefined => {
  if (value === undefined) return fallback
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN
  return number >= 1 && number <= max ? number : undefined
}

/** Whose bookings the reader sees, when the access rule is one of the two the plugin writes. */
const ownerFilter = (access: boolean | Where): false | null | string => {
  if (access === true) return null
  const owner = (access as { user?: { equals?: unknown } }).user?.equals
  const plain =
    access && Object.keys(access).length === 1 && Object.keys(access.user ?? {}).length === 1
  return plain && (typeof owner === 'string' || typeof owner === 'number') ? String(owner) : false
}

/** The request, when it is the plain list this endpoint answers; undefined sends it to Payload. */
const plainList = async (req: PayloadRequest) => {
  if (!req.user || !directPath(req.payload)) return undefined
  const { depth, limit, page, ...rest } = req.query as Record<string, unknown>
  if (depth !== '0' || Object.keys(rest).length > 0) return undefined
  const { limits } = platformSettingsOf(req.payload)
  const size = wholeNumber(limit, 10, limits.pageSize)
  const number = wholeNumber(page, 1, limits.page)
  if (size === undefined || number === undefined) return undefined
  const read = req.payload.collections[slugs.bookings]?.config.access.read
  const owner = read ? ownerFilter(await read({ req })) : false
  if (owner === false) return undefined
  return { limit: size, owner, page: number }
}

/**
 * GET /api/bookings?depth=0 for a signed-in client (a customer's own bookings, or an admin's view
 * of all): the same answer as Payload's find, built by one prepared statement instead of
 * Payload's query builder and per-document field traversal. Anything else (other parameters or
 * depths, an organizer's wider access rule, a bookings collection an app changed) goes to
 * Payload's own handler. tests/bookingList.test.ts compares the two answers.
 */
export const bookingListEndpoint: Endpoint = {
  custom: { [IN_FRONT_OF_PAYLOAD]: true, [FAST_ROUTE]: true },
  handler: async (req) => {
    const fast = await fastBookingList(req)
    if (fast) return fast
    const handler = payloadsHandler(req, slugs.bookings, 'get', '/')
    return handler ? handler(req) : notFoundResponse()
  },
  method: 'get',
  path: '/',
}

/** The plain list's answer, or undefined when Payload's own handler must answer. */
export const fastBookingList = async (req: PayloadRequest): Promise<Response | undefined> => {
  const page = await fastBookingPage(req)
  return page && Response.json(page)
}

/** The plain list's page as Payload's find returns it, or undefined (see fastBookingList). */
export const fastBookingPage = async (req: PayloadRequest) => {
  const list = await plainList(req)
  if (!list) return undefined
  const { idType } = platformSettingsOf(req.payload)
  const window = [list.limit, (list.page - 1) * list.limit]
  const [row] = await runPrepared<{ docs: unknown[]; total: number }>(
    req,
    pageOf(idType, list.owner !== null),
    list.owner === null ? window : [list.owner, ...window],
  )
  const totalDocs = row?.total ?? 0
  const totalPages = Math.ceil(totalDocs / list.limit)
  return {
    docs: row?.docs ?? [],
    hasNextPage: list.page < totalPages,
    hasPrevPage: list.page > 1,
    limit: list.limit,
    nextPage: list.page < totalPages ? list.page + 1 : null,
    page: list.page,
    pagingCounter: (list.page - 1) * list.limit + 1,
    prevPage: list.page > 1 ? list.page - 1 : null,
    totalDocs,
    totalPages,
  }
}
