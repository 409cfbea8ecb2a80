import QRCode from 'qrcode'
import type { Endpoint, PayloadRequest } from 'payload'

import { writeAuditLog } from '../../src/audit/writeAuditLog'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { reissueTicket } from '../../src/tickets/newTickets'
import { ticketCode, ticketCodeKey } from '../../src/tickets/ticketCodes'
import {
  PRIVATE_ANSWER,
  relationTo,
  type TicketRow,
  ticketRows,
  ticketView,
} from '../../src/tickets/ticketViews'
import { parseId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'

const ticketOf = async (req: PayloadRequest): Promise<TicketRow> => {
  if (!req.user) throw new PublicError('Log in to see your tickets.', 401)
  const id = parseId(req.routeParams?.id, settingsOf(req.payload).idType)
  const row = id === undefined ? undefined : (await ticketRows(req, 'ticket', id))[0]
  if (!row || relationTo(req, row) === 'none') throw new PublicError('No such ticket.', 404)
  return row
}

/**
 * GET /api/tickets/:id/qr?format=svg|png: the ticket's code as a QR code, for its booker only
 * (staff never need a customer's code). Never cached.
 */
const qrEndpoint: Endpoint = {
  handler: async (req) => {
    const row = await ticketOf(req)
    if (relationTo(req, row) !== 'booker') throw new PublicError('No such ticket.', 404)
    const format = req.query.format ?? 'svg'
    if (format !== 'svg' && format !== 'png') {
      throw new PublicError('format must be svg or png.', 400, { field: 'format' })
    }
    const code = ticketCode(ticketCodeKey(req.payload), row.id, row.version)
    const options = { errorCorrectionLevel: 'M', margin: 2 } as const
    return format === 'svg'
      ? new Response(await QRCode.toString(code, { ...options, type: 'svg' }), {
          headers: { ...PRIVATE_ANSWER, 'Content-Type': 'image/svg+xml' },
        })
      : new Response(new Uint8Array(await QRCode.toBuffer(code, { ...options, width: 320 })), {
          headers: { ...PRIVATE_ANSWER, 'Content-Type': 'image/png' },
        })
  },
  method: 'get',
  path: '/:id/qr',
}

/**
 * POST /api/tickets/:id/reissue: a new code for a ticket whose code got out (a forwarded mail, a
 * photographed QR): the version goes up, the old code stops working at once. For its booker, the
 * event's organizer and admins; audited (without any code).
 */
const reissueEndpoint: Endpoint = {
  handler: async (req) => {
    const row = await ticketOf(req)
    const version = await reissueTicket(req, row)
    if (version === null) {
      throw new PublicError('This ticket was reissued at the same moment; look at it again.', 409)
    }
    await writeAuditLog(req, {
      action: 'update',
      changes: { version: { from: row.version, to: version } },
      collection: slugs.tickets,
      documentId: row.id,
    })
    return Response.json(
      {
        message: 'Reissued: the previous code no longer works.',
        ticket: ticketView(req, { ...row, version }, relationTo(req, row) === 'booker'),
      },
      { headers: PRIVATE_ANSWER },
    )
  },
  method: 'post',
  path: '/:id/reissue',
}

export const ticketEndpoints: Endpoint[] = [qrEndpoint, reissueEndpoint]
