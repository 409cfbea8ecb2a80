import { randomUUID } from 'node:crypto'

import type { PayloadRequest } from 'payload'

import { settingsOf } from '../settings'
import type { DocId, IdType } from '../utilities/ids'
import { pgIdType } from '../utilities/ids'
import type { PreparedStatement } from '../utilities/preparedQuery'
import { runInRequest } from '../utilities/preparedQuery'
import { ticketCode, ticketCodeHash, ticketCodeKey } from './ticketCodes'

/** The tickets of one booking line: `quantity` of one type, with the attendees' names if given. */
export type TicketLine = { attendees: string[]; quantity: number; ticketType: null | string }

/** A ticket to insert: its id is made first, because its code is derived from it. */
export type NewTicket = {
  attendee: null | string
  codeHash: string
  id: DocId
  ticketType: null | string
}

/**
 * Ids for `count` new tickets: UUIDs made here, or numbers taken from the table's sequence (one
 * round trip, in the request's transaction when it has one).
 */
export const newTicketIds = async (req: PayloadRequest, count: number): Promise<DocId[]> => {
  if (settingsOf(req.payload).idType === 'uuid') {
    return Array.from({ length: count }, () => randomUUID())
  }
  const rows = await runInRequest<{ id: number }>(
    req,
    {
      name: 'events_cms_ticket_ids',
      text: `SELECT nextval(pg_get_serial_sequence('tickets', 'id'))::int AS id FROM generate_series(1, $1::int)`,
    },
    [count],
  )
  return rows.map(({ id }) => id)
}

/** One ticket per seat of every line, version 1, in line order. */
export const planTickets = (
  req: Pick<PayloadRequest, 'payload'>,
  ids: DocId[],
  lines: TicketLine[],
): NewTicket[] => {
  const key = ticketCodeKey(req.payload)
  const tickets: NewTicket[] = []
  for (const line of lines) {
    for (let seat = 0; seat < line.quantity; seat++) {
      const id = ids[tickets.length]
      if (id === undefined) throw new Error('fewer ticket ids than seats')
      tickets.push({
        attendee: line.attendees[seat] ?? null,
        codeHash: ticketCodeHash(ticketCode(key, id, 1)),
        id,
        ticketType: line.ticketType,
      })
    }
  }
  return tickets
}

/** The columns of the tickets as parallel arrays (one parameter each), for `unnest`. */
export const ticketColumns = (tickets: NewTicket[]) => [
  tickets.map(({ id }) => id),
  tickets.map(({ ticketType }) => ticketType),
  tickets.map(({ codeHash }) => codeHash),
  tickets.map(({ attendee }) => attendee),
]

/**
 * The SQL that inserts them: the four arrays from parameter `$first`, the booking and event ids as
 * SQL expressions over `from` (e.g. a CTE that inserted the booking).
 */
export const ticketsInsertSql = (
  idType: IdType,
  {
    booking,
    event,
    first,
    from = '',
  }: { booking: string; event: string; first: number; from?: string },
) => {
  const id = pgIdType(idType)
  return `INSERT INTO tickets (id, booking_id, event_id, ticket_type_id, version, code_hash, attendee_name, created_at, updated_at)
    SELECT t.id, ${booking}, ${event}, t.ticket_type, 1, t.code_hash, t.attendee, now(), now()
      FROM ${from ? `${from}, ` : ''}unnest($${first}::${id}[], $${first + 1}::${id}[], $${first + 2}::varchar[], $${first + 3}::varchar[])
        AS t(id, ticket_type, code_hash, attendee)`
}

/** Inserts a booking's tickets (the Payload path, after Payload has inserted the booking). */
export const insertTickets = async (
  req: PayloadRequest,
  booking: DocId,
  event: DocId,
  tickets: NewTicket[],
): Promise<void> => {
  const { idType } = settingsOf(req.payload)
  const statement: PreparedStatement = {
    name: `events_cms_insert_tickets_${idType}`,
    text: ticketsInsertSql(idType, {
      booking: `$1::${pgIdType(idType)}`,
      event: `$2::${pgIdType(idType)}`,
      first: 3,
    }),
  }
  await runInRequest(req, statement, [booking, event, ...ticketColumns(tickets)])
}

/**
 * A new code for a ticket: its version goes up (the old code stops working at once) and the new
 * code's hash is stored. Null when another reissue of the same version won.
 */
export const reissueTicket = async (
  req: PayloadRequest,
  ticket: { id: string; version: number },
): Promise<null | number> => {
  const { idType } = settingsOf(req.payload)
  const version = ticket.version + 1
  const hash = ticketCodeHash(ticketCode(ticketCodeKey(req.payload), ticket.id, version))
  const updated = await runInRequest<{ id: string }>(
    req,
    {
      name: `events_cms_reissue_ticket_${idType}`,
      text: `UPDATE tickets SET version = $2::int, code_hash = $3::varchar, updated_at = now()
        WHERE id = $1::${pgIdType(idType)} AND version = $4::int RETURNING id::text AS id`,
    },
    [ticket.id, version, hash, ticket.version],
  )
  return updated[0] ? version : null
}
