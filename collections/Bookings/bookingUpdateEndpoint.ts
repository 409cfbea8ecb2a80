import type { Endpoint, PayloadRequest } from 'payload'

import { claimLanes, enterClaimLane, laneBusy, movedOn } from './claimLanes'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { type DocId, parseId, pgIdType } from '../../src/utilities/ids'
import {
  IN_FRONT_OF_PAYLOAD,
  notFoundResponse,
  payloadsHandler,
} from '../../src/utilities/payloadsEndpoint'
import { runPrepared } from '../../src/utilities/preparedQuery'
import { PublicError } from '../../src/utilities/publicError'

/** The event a booking is of (one prepared statement, outside any transaction). */
const eventOf = async (req: PayloadRequest, id: DocId) => {
  const { idType } = settingsOf(req.payload)
  const [row] = await runPrepared<{ event: string }>(
    req,
    {
      name: `events_cms_booking_event_${idType}`,
      text: `SELECT event_id::text AS event FROM bookings WHERE id = $1::${pgIdType(idType)}`,
    },
    [id],
  )
  return row?.event
}

/**
 * Runs `change` of booking `id` inside its event's booking lane: a cancel (or any change of
 * status) frees its event's seats on the event's row, like a booking takes them, so a rush of
 * cancels of one event waits in memory (at most `bookings.claimsPerEvent` at once per app server)
 * instead of each holding a database connection while it waits for that row. Two hundred cancels
 * of one sold-out event at once then answer 200, not a pool's worth of 503s. An unknown booking
 * runs `change` outside any lane (it answers its own 404).
 */
export const inBookingLane = async <T>(
  req: PayloadRequest,
  rawId: string,
  change: () => Promise<T>,
  succeeded: (result: T) => boolean = () => true,
): Promise<T> => {
  const id = parseId(rawId, settingsOf(req.payload).idType)
  const event = id === undefined ? undefined : await eventOf(req, id)
  if (event === undefined) return change()
  const release = await enterClaimLane(req, claimLanes(req, 'bookingClaims'), event)
  if (!release) throw laneBusy('event')
  let moved = true
  try {
    const result = await change()
    moved = succeeded(result)
    return result
  } catch (error) {
    moved = movedOn(error)
    throw error
  } finally {
    release(moved)
  }
}

/**
 * A customer's (or staff member's) cancel of a booking, with the caller's access, through the
 * event's lane: the site's Cancel button. The same rules as PATCH {status: "cancelled"}.
 */
export const cancelBooking = (req: PayloadRequest, rawId: string) => {
  if (parseId(rawId, settingsOf(req.payload).idType) === undefined) {
    throw new PublicError('No such booking.', 404, { field: 'id' })
  }
  return inBookingLane(req, rawId, () =>
    req.payload.update({
      collection: slugs.bookings,
      data: { status: 'cancelled' },
      id: rawId,
      overrideAccess: false,
      req,
      user: req.user,
    }),
  )
}

/** PATCH /api/bookings/:id through the event's booking lane (above); the change is Payload's update. */
export const bookingUpdateEndpoint: Endpoint = {
  custom: { [IN_FRONT_OF_PAYLOAD]: true },
  handler: async (req) => {
    const raw = String(req.routeParams?.id ?? '')
    const handler = payloadsHandler(req, slugs.bookings, 'patch', `/${raw}`)
    if (!handler) return notFoundResponse()
    return inBookingLane(
      req,
      raw,
      async () => handler(req),
      (response) => response.status < 500,
    )
  },
  method: 'patch',
  path: '/:id',
}
