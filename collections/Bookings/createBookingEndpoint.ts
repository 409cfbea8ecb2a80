import type { Endpoint } from 'payload'

import { intParam } from '../../src/utilities/intParam'
import { PublicError } from '../../src/utilities/publicError'
import { readJson } from '../../src/utilities/readJsonBody'
import { assertValidInput } from '../../src/utilities/inspectInput'
import { book } from './operations/book'

/** Marks the plugin's own POST and GET `/` endpoints of bookings, which bookingsFastRoute may answer. */
export const FAST_ROUTE = 'eventsCmsFastRoute'

/** The answer to a booking request: 201 with the new booking, 200 with one a retry already made. */
export const bookingAnswer = ({ doc, replay }: Awaited<ReturnType<typeof book>>) =>
  replay
    ? {
        body: { doc, message: 'This booking was already made with the same idempotencyKey.' },
        status: 200,
      }
    : { body: { doc, message: 'Booking successfully created.' }, status: 201 }

/**
 * POST /api/bookings, replacing Payload's default create: the booking operation
 * (operations/book.ts), with the caller's access. `{event, seats}` or `{event, lines:
 * [{ticketType, quantity, attendees?}]}`, plus `idempotencyKey` and `accessCode`.
 */
export const createBookingEndpoint: Endpoint = {
  custom: { [FAST_ROUTE]: true },
  handler: async (req) => {
    if (!req.user) throw new PublicError('Log in to book.', 401, { field: 'user' })
    await readJson(req)
    // The one-statement path skips Payload's hooks: the same 400 as every other write.
    assertValidInput(req.data, req.payload)
    const { body, status } = bookingAnswer(
      await book(req, req.data, { depth: intParam(req.query.depth, 1, 0, 2) }),
    )
    return Response.json(body, { status })
  },
  method: 'post',
  path: '/',
}
