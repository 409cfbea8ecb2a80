import type { Endpoint } from 'payload'

import { settingsOf } from '../../src/settings'
import { PRIVATE_ANSWER, relationTo, ticketRows, ticketView } from '../../src/tickets/ticketViews'
import { parseId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'

/**
 * GET /api/bookings/:id/tickets: a booking's tickets. Its booker gets each ticket's code (derived
 * again, never stored) and the links to its QR code, to show at the door; the event's organizer
 * and admins get the tickets without codes. Never cached.
 */
export const bookingTicketsEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) throw new PublicError('Log in to see your tickets.', 401)
    const id = parseId(req.routeParams?.id, settingsOf(req.payload).idType)
    if (id === undefined) throw new PublicError('No such booking.', 404, { field: 'id' })
    const rows = await ticketRows(req, 'booking', id)
    const first = rows[0]
    const relation = first ? relationTo(req, first) : 'none'
    if (!first || relation === 'none') throw new PublicError('No such booking.', 404)
    return Response.json(
      {
        booking: { id: first.booking_id, reference: first.reference, status: first.booking_status },
        tickets: rows.map((row) => ticketView(req, row, relation === 'booker')),
      },
      { headers: PRIVATE_ANSWER },
    )
  },
  method: 'get',
  path: '/:id/tickets',
}
