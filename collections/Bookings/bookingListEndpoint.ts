import type { Collection, Endpoint, PayloadRequest, Where } from 'payload'

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
import { readEvents } from '../../src/access/eventAccess'
import { readTicketTypes } from '../../src/access/ticketTypeAccess'
import { cachedPublicTicketTypes } from '../TicketTypes/cachedTicketTypes'
import {
  liveTypeSeatsBookedSql,
  type LiveTypeSeats,
  withTypeSeats,
} from '../TicketTypes/liveTypeSeats'
import { hasRole } from '../../src/access/roles'
import type { DocId } from '../../src/utilities/ids'
import { cachedPublicEvents, withLiveSeats } from '../Events/cachedEvent'
import { liveSeatsBookedSql } from '../Events/liveSeats'

/** A timestamp as Payload returns it: ISO 8601, milliseconds, UTC. */
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** A booking row (alias `page`) as Payload returns it at depth 0, built by PostgreSQL. */
const bookingJson = `json_build_object(
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
      )`

/**
 * One page of bookings as Payload's find answers it at depth 0, in ONE statement: the page of
 * documents built as JSON by PostgreSQL and the total, newest first (Payload's default sort).
 * Two statements, one per reader: a prepared statement is planned once for all its values, and
 * `$1 IS NULL OR user_id = $1` has no plan that uses the owner's index (a generic plan scans
 * every booking, a custom one is planned anew on every call). The owner's page reads
 * (user_id, created_at) backwards and counts from the user_id index alone. With `events`, also
 * the live seats of the page's events and of its lines' ticket types (for depth 1: the events and
 * types come from the cache).
 * Owner: $1 the owner, $2 limit, $3 offset. Everyone: $1 limit, $2 offset.
 */
const pageOf = (idType: IdType, owner: boolean, events: boolean): PreparedStatement => {
  const mine = owner ? `WHERE user_id = $1::${pgIdType(idType)}` : ''
  const [limit, offset] = owner ? ['$2', '$3'] : ['$1', '$2']
  const seats = events
    ? `, (SELECT json_object_agg(e.id, ${liveSeatsBookedSql('e')}::float8) FROM events e
        WHERE e.id IN (SELECT event_id FROM page)) AS seats,
      (SELECT json_object_agg(t.id, json_build_object(
          'booked', ${liveTypeSeatsBookedSql('t', 'e')}::float8,
          'eventLeft', (e.capacity - ${liveSeatsBookedSql('e')})::float8))
        FROM ticket_types t JOIN events e ON e.id = t.event_id
        WHERE t.id IN (SELECT l.ticket_type_id FROM bookings_lines l
                        WHERE l._parent_id IN (SELECT id FROM page))) AS types`
    : ''
  return {
    name: `events_cms_booking_page_${owner ? `owner_${idType}` : 'all'}${events ? '_events_v2' : ''}`,
    text: `
    WITH page AS (SELECT * FROM bookings ${mine} ORDER BY created_at DESC LIMIT ${limit} OFFSET ${offset})
    SELECT (SELECT count(*) FROM bookings ${mine})::float8 AS total, coalesce((
      SELECT json_agg(${bookingJson} ORDER BY created_at DESC) FROM page
    ), '[]'::json) AS docs${seats}`,
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
  const { depth, limit, page, sort, ...rest } = req.query as Record<string, unknown>
  if ((depth !== '0' && depth !== '1') || Object.keys(rest).length > 0) return undefined
  // Newest first is Payload's default for bookings: asking for it by name is the same list.
  if (sort !== undefined && sort !== '-createdAt') return undefined
  const { limits } = platformSettingsOf(req.payload)
  const size = wholeNumber(limit, 10, limits.pageSize)
  const number = wholeNumber(page, 1, limits.page)
  if (size === undefined || number === undefined) return undefined
  const read = req.payload.collections[slugs.bookings]?.config.access.read
  const owner = read ? ownerFilter(await read({ req })) : false
  if (owner === false) return undefined
  // Depth 1 populates events as a customer reads them, which is how anyone reads them (the
  // public cache) only under the plugin's own rule; staff see more.
  if (depth === '1' && (owner === null || !customerReadsEventsPublicly(req))) return undefined
  return { depth: Number(depth) as 0 | 1, limit: size, owner, page: number }
}

const customerReadsEventsPublicly = (req: PayloadRequest): boolean =>
  req.payload.collections[slugs.events]?.config.access.read === readEvents &&
  !hasRole(req, 'admin') &&
  !hasRole(req, 'organizer')

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
  const [row] = await runPrepared<{
    docs: BookingRow[]
    seats?: null | Record<string, number>
    total: number
    types?: null | Record<string, LiveTypeSeats>
  }>(
    req,
    pageOf(idType, list.owner !== null, list.depth === 1),
    list.owner === null ? window : [list.owner, ...window],
  )
  const rows = row?.docs ?? []
  const docs =
    list.depth === 1 ? await populated(req, rows, row?.seats ?? {}, row?.types ?? {}) : rows
  if (!docs) return undefined
  const totalDocs = row?.total ?? 0
  const totalPages = Math.ceil(totalDocs / list.limit)
  return {
    docs,
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

type BookingRow = {
  event: DocId
  lines: { ticketType: DocId | null }[]
  user: DocId | null
}

/**
 * A customer's bookings at depth 1, as Payload populates them: each event as the customer reads
 * it (from the public cache, with its live seats from the page's statement), the account as
 * Payload's JWT strategy loaded it for this request, and each line's ticket type (one find, with
 * the customer's access: one they cannot read stays an id, as in Payload). Undefined when an
 * event is not publicly readable (cancelled, unpublished): Payload's handler answers then.
 */
const populated = async (
  req: PayloadRequest,
  rows: BookingRow[],
  seats: Record<string, number>,
  typeSeats: Record<string, LiveTypeSeats>,
): Promise<unknown[] | undefined> => {
  const eventIds = [...new Set(rows.map(({ event }) => String(event)))]
  const events = await cachedPublicEvents(req.payload, eventIds, 0)
  if (events.some((event) => event === null)) return undefined
  const eventShape = shapeOf(req, slugs.events)
  const userShape = shapeOf(req, String(req.user?.collection))
  if (!eventShape || !userShape) return undefined
  const eventOf = new Map(
    events.map((event) => [
      String(event?.id),
      event && eventShape(withLiveSeats(event, seats[String(event.id)] ?? event.seatsBooked ?? 0)),
    ]),
  )
  const typeIds = [
    ...new Set(rows.flatMap(({ lines }) => lines.flatMap(({ ticketType }) => ticketType ?? []))),
  ]
  const types = await ticketTypesFor(req, typeIds, typeSeats)
  if (!types) return undefined
  const typeOf = new Map(types.flatMap((type) => (type ? [[String(type.id), type]] : [])))
  const user = userShape(accountOf(req))
  return rows.map((booking) => ({
    ...booking,
    event: eventOf.get(String(booking.event)),
    lines: booking.lines.map((line) =>
      line.ticketType === null
        ? line
        : { ...line, ticketType: typeOf.get(String(line.ticketType)) ?? line.ticketType },
    ),
    user: booking.user === null ? null : user,
  }))
}

/**
 * The lines' ticket types as the customer reads them: under the plugin's own rule that is how
 * anyone reads them (the public cache, with the live seats the page's statement read); under an app's
 * rule one find with the customer's access. A type they cannot read stays an id, as in Payload.
 */
const ticketTypesFor = async (
  req: PayloadRequest,
  ids: DocId[],
  live: Record<string, LiveTypeSeats>,
) => {
  if (ids.length === 0) return []
  if (req.payload.collections[slugs.ticketTypes]?.config.access.read === readTicketTypes) {
    const types = await cachedPublicTicketTypes(req.payload, ids)
    return types.map((type) => type && withTypeSeats(type, live[String(type.id)]))
  }
  // One page of them (the platform's page size; more on one page of bookings: Payload answers).
  if (ids.length > platformSettingsOf(req.payload).limits.pageSize) return undefined
  const { docs } = await req.payload.find({
    collection: slugs.ticketTypes,
    depth: 0,
    limit: ids.length,
    overrideAccess: false,
    pagination: false,
    req,
    select: req.payload.collections[slugs.ticketTypes]?.config.defaultPopulate,
    where: { id: { in: ids } },
  })
  return docs
}

/** The signed-in account as a document (without what Payload's JWT strategy adds to it). */
const accountOf = (req: PayloadRequest): Record<string, unknown> => {
  const { _sid, _strategy, ...account } = req.user as unknown as Record<string, unknown>
  void _sid
  void _strategy
  return account
}

/**
 * What Payload keeps of a populated document of `slug`: its `defaultPopulate` fields and id, or
 * all of it. Undefined for a nested selection (not mirrored here: Payload answers).
 */
const shapeOf = (req: PayloadRequest, slug: string) => {
  const collections: Partial<Record<string, Collection>> = req.payload.collections
  const select = collections[slug]?.config.defaultPopulate
  if (!select) return <T extends object>(doc: T): Partial<T> => doc
  const keys = Object.entries(select)
  if (keys.some(([, value]) => value !== true)) return undefined
  const kept = new Set(['id', ...keys.map(([key]) => key)])
  return <T extends object>(doc: T): Partial<T> =>
    Object.fromEntries(Object.entries(doc).filter(([key]) => kept.has(key))) as Partial<T>
}
