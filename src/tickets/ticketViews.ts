import type { PayloadRequest } from 'payload'

import { hasRole } from '../access/roles'
import { settingsOf } from '../settings'
import { type DocId, pgIdType } from '../utilities/ids'
import { runPrepared } from '../utilities/preparedQuery'
import { groupedTicketCode, ticketCode, ticketCodeKey } from './ticketCodes'

/** A ticket as its booker sees it (with its code) or staff do (without). */
export type TicketView = {
  attendeeName: null | string
  code?: string
  codeGrouped?: string
  id: string
  qr?: { png: string; svg: string }
  ticketType: null | { id: string; name: string }
  version: number
}

export type TicketRow = {
  attendee_name: null | string
  booking_id: string
  booking_status: string
  event_id: string
  id: string
  organizer_id: null | string
  reference: string
  ticket_type_id: null | string
  ticket_type_name: null | string
  user_id: null | string
  version: number
}

/** Tickets with what deciding who may see them needs, by ticket id or by booking id. */
export const ticketRows = (req: PayloadRequest, by: 'booking' | 'ticket', id: DocId) => {
  const { idType } = settingsOf(req.payload)
  return runPrepared<TicketRow>(
    req,
    {
      name: `events_cms_ticket_rows_${by}_${idType}`,
      text: `SELECT t.id::text AS id, t.version::int AS version, t.attendee_name,
          t.booking_id::text AS booking_id, t.event_id::text AS event_id,
          t.ticket_type_id::text AS ticket_type_id, tt.name AS ticket_type_name,
          b.user_id::text AS user_id, b.reference, b.status::text AS booking_status,
          e.organizer_id::text AS organizer_id
        FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN events e ON e.id = t.event_id
        LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
        WHERE ${by === 'booking' ? 't.booking_id' : 't.id'} = $1::${pgIdType(idType)}
        ORDER BY t.created_at, t.id`,
    },
    [id],
  )
}

/** Who is asking about a ticket: its booker, staff of its event (organizer or admin), or no one. */
export const relationTo = (req: PayloadRequest, row: TicketRow): 'booker' | 'none' | 'staff' => {
  if (!req.user) return 'none'
  if (row.user_id !== null && row.user_id === String(req.user.id)) return 'booker'
  if (hasRole(req, 'admin')) return 'staff'
  if (hasRole(req, 'organizer') && row.organizer_id === String(req.user.id)) return 'staff'
  return 'none'
}

/** The ticket for its booker, code and QR links included; for staff without them. */
export const ticketView = (req: PayloadRequest, row: TicketRow, withCode: boolean): TicketView => {
  const base = {
    attendeeName: row.attendee_name,
    id: row.id,
    ticketType: row.ticket_type_id
      ? { id: row.ticket_type_id, name: row.ticket_type_name ?? '' }
      : null,
    version: row.version,
  }
  if (!withCode) return base
  const code = ticketCode(ticketCodeKey(req.payload), row.id, row.version)
  const api = `${req.payload.config.routes.api}/tickets/${row.id}/qr`
  return {
    ...base,
    code,
    codeGrouped: groupedTicketCode(code),
    qr: { png: `${api}?format=png`, svg: `${api}?format=svg` },
  }
}

/** Answers that carry codes are for one person and never cached anywhere. */
export const PRIVATE_ANSWER = { 'Cache-Control': 'private, no-store' }
