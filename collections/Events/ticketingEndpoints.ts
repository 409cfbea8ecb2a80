import type { Endpoint } from 'payload'

import { settingsOf } from '../../src/settings'
import { pgIdType } from '../../src/utilities/ids'
import { platformSettingsOf } from '../../src/utilities/platformSettings'
import { intParam } from '../../src/utilities/intParam'
import { runPrepared } from '../../src/utilities/preparedQuery'
import { PublicError } from '../../src/utilities/publicError'
import { eventForStaff } from './eventStaff'
import { activeBookingSql, admissionSql, validHoldSql } from '../../src/db/conditions'

type CountRow = {
  checked_in: number
  held: number
  name: null | string
  sold: number
  type_id: null | string
}

/**
 * GET /api/events/:id/check-in-summary: tickets sold (of confirmed bookings), held (pending) and
 * checked in, for the event and per ticket type, as they are now. For the organizer, door staff
 * and admins.
 */
const summaryEndpoint: Endpoint = {
  handler: async (req) => {
    const event = await eventForStaff(req, 'door')
    const { idType } = settingsOf(req.payload)
    const rows = await runPrepared<CountRow>(
      req,
      {
        name: `events_cms_check_in_summary_${idType}`,
        text: `SELECT t.ticket_type_id::text AS type_id, min(tt.name) AS name,
            count(*) FILTER (WHERE b.status = 'confirmed')::int AS sold,
            count(*) FILTER (WHERE ${validHoldSql('b')})::int AS held,
            count(c.id) FILTER (WHERE b.status = 'confirmed')::int AS checked_in
          FROM tickets t JOIN bookings b ON b.id = t.booking_id
          LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
          LEFT JOIN check_ins c ON c.ticket_id = t.id AND ${admissionSql('c')}
          WHERE t.event_id = $1::${pgIdType(idType)}
          GROUP BY t.ticket_type_id ORDER BY min(tt.sort_order) NULLS FIRST, min(tt.name)`,
      },
      [event.id],
    )
    const total = (key: 'checked_in' | 'held' | 'sold') =>
      rows.reduce((sum, row) => sum + row[key], 0)
    return Response.json(
      {
        checkedIn: total('checked_in'),
        event: { id: event.id, title: event.title },
        held: total('held'),
        sold: total('sold'),
        ticketTypes: rows.map((row) => ({
          checkedIn: row.checked_in,
          held: row.held,
          id: row.type_id,
          name: row.name ?? 'Admission',
          sold: row.sold,
        })),
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
  method: 'get',
  path: '/:id/check-in-summary',
}

type AttendeeRow = {
  booker_email: null | string
  booker_name: null | string
  booking_status: string
  checked_in_at: Date | null
  gate: null | string
  name: null | string
  reference: string
  ticket: string
  ticket_type: null | string
  total: number
}

const ATTENDEE_COLUMNS: [string, (row: AttendeeRow) => null | string][] = [
  ['ticket', (row) => row.ticket],
  ['ticket type', (row) => row.ticket_type ?? 'Admission'],
  ['attendee', (row) => row.name],
  ['booking reference', (row) => row.reference],
  ['booking status', (row) => row.booking_status],
  ['booked by', (row) => row.booker_name],
  ['booker email', (row) => row.booker_email],
  [
    'checked in at',
    (row) => (row.checked_in_at ? new Date(row.checked_in_at).toISOString() : null),
  ],
  ['gate', (row) => row.gate],
]

/** One CSV cell: quoted, and never read as a formula by a spreadsheet. */
const csvCell = (value: null | string) => {
  const text = value ?? ''
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return `"${safe.replace(/"/g, '""')}"`
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * GET /api/events/:id/attendees?q=&page=&limit=&format=csv: the people expected at the door, one
 * row per ticket of an active booking (held or confirmed; `status=all` for every booking), with
 * whether and where they were checked in. Searches attendee, booker, email and booking reference.
 * Contact data is the booking's snapshot (gone once the booker is erased). For the event's
 * organizer and admins; `format=csv` downloads every matching row.
 */
const attendeesEndpoint: Endpoint = {
  handler: async (req) => {
    const event = await eventForStaff(req, 'organizer')
    const { idType } = settingsOf(req.payload)
    const { limits } = platformSettingsOf(req.payload)
    const query = req.query as Record<string, unknown>
    const q = typeof query.q === 'string' && query.q.trim() ? query.q.trim().slice(0, 200) : null
    const csv = query.format === 'csv'
    if (query.format !== undefined && !csv) {
      throw new PublicError('format must be csv (or left out for JSON).', 400, { field: 'format' })
    }
    const all = query.status === 'all'
    const limit = csv ? 50_000 : intParam(query.limit, 50, 1, limits.pageSize)
    const page = intParam(query.page, 1, 1, limits.page)
    const rows = await runPrepared<AttendeeRow>(
      req,
      {
        name: `events_cms_attendees_${idType}`,
        text: `SELECT t.id::text AS ticket, tt.name AS ticket_type, t.attendee_name AS name,
            b.reference, b.status::text AS booking_status, b.contact_snapshot_name AS booker_name,
            b.contact_snapshot_email AS booker_email, c.created_at AS checked_in_at, c.gate,
            (count(*) OVER ())::int AS total
          FROM tickets t JOIN bookings b ON b.id = t.booking_id
          LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
          LEFT JOIN check_ins c ON c.ticket_id = t.id AND ${admissionSql('c')}
          WHERE t.event_id = $1::${pgIdType(idType)}
            AND ($2::bool OR ${activeBookingSql('b')})
            AND ($3::text IS NULL OR t.attendee_name ILIKE $3 OR b.reference ILIKE $3
                 OR b.contact_snapshot_name ILIKE $3 OR b.contact_snapshot_email ILIKE $3)
          ORDER BY b.created_at, t.created_at, t.id
          LIMIT $4::int OFFSET $5::int`,
      },
      [event.id, all, q === null ? null : likePattern(q), limit, (page - 1) * limit],
    )
    if (csv) {
      const lines = [
        ATTENDEE_COLUMNS.map(([name]) => csvCell(name)).join(','),
        ...rows.map((row) => ATTENDEE_COLUMNS.map(([, cell]) => csvCell(cell(row))).join(',')),
      ]
      return new Response(`${lines.join('\r\n')}\r\n`, {
        headers: {
          'Cache-Control': 'private, no-store',
          'Content-Disposition': `attachment; filename="attendees-${String(event.id).replace(/[^\w-]/g, '')}.csv"`,
          'Content-Type': 'text/csv; charset=utf-8',
        },
      })
    }
    const totalDocs = rows[0]?.total ?? 0
    return Response.json(
      {
        docs: rows.map((row) =>
          Object.fromEntries([
            ['ticket', row.ticket],
            ['ticketType', row.ticket_type ?? 'Admission'],
            ['attendeeName', row.name],
            ['bookingReference', row.reference],
            ['bookingStatus', row.booking_status],
            ['bookerName', row.booker_name],
            ['bookerEmail', row.booker_email],
            ['checkedInAt', row.checked_in_at ? new Date(row.checked_in_at).toISOString() : null],
            ['gate', row.gate],
          ]),
        ),
        limit,
        page,
        totalDocs,
        totalPages: Math.ceil(totalDocs / limit),
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
  method: 'get',
  path: '/:id/attendees',
}

export const ticketingEndpoints: Endpoint[] = [summaryEndpoint, attendeesEndpoint]
