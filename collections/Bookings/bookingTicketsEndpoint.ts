import type { Endpoint, PayloadRequest } from 'payload'

import { settingsOf } from '../../src/settings'
import { PRIVATE_ANSWER, relationTo, ticketRows, ticketView } from '../../src/tickets/ticketViews'
import { parseId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'

/**
 * A booking's tickets. Its booker gets each ticket's code (derived again, never stored) and the
 * links to its QR code, to show at the door; the event's organizer and admins get the tickets
 * without codes. 404 for anyone else.
 */
export const ticketsOfBooking = async (req: PayloadRequest, rawId: unknown) => {
  if (!req.user) throw new PublicError('Log in to see your tickets.', 401)
  const id = parseId(rawId, settingsOf(req.payload).idType)
  if (id === undefined) throw new PublicError('No such booking.', 404, { field: 'id' })
  const rows = await ticketRows(req, 'booking', id)
  const first = rows[0]
  const relation = first ? relationTo(req, first) : 'none'
  if (!first || relation === 'none') throw new PublicError('No such booking.', 404)
  return {
    booking: { id: first.booking_id, reference: first.reference, status: first.booking_status },
    tickets: rows.map((row) => ticketView(req, row, relation === 'booker')),
  }
}

/** GET /api/bookings/:id/tickets: `ticketsOfBooking`, never cached. */
export const bookingTicketsEndpoint: Endpoint = {
  handler: async (req) =>
    Response.json(await ticketsOfBooking(req, req.routeParams?.id), { headers: PRIVATE_ANSWER }),
  method: 'get',
  path: '/:id/tickets',
}
