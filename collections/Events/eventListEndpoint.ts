import type { Endpoint, PayloadRequest } from 'payload'

import { ANONYMOUS_LIST, anonymousList, type ListBody } from '../../src/site/anonymousList'
import { slugs } from '../../src/slugs'
import { IN_FRONT_OF_PAYLOAD } from '../../src/utilities/payloadsEndpoint'
import { liveEventSeats, seatsLeft } from './liveSeats'

/** The cached page of events with each event's seat counters as they are now. */
export const withLiveListSeats = async (
  req: Pick<PayloadRequest, 'payload'>,
  body: ListBody,
): Promise<ListBody> => {
  const counted = body.docs.filter((doc) => 'seatsBooked' in doc || 'seatsAvailable' in doc)
  if (counted.length === 0) return body
  // Shared with the other anonymous reads of this turn of the event loop (one statement).
  const rows = await Promise.all(counted.map(({ id }) => liveEventSeats(req.payload, id)))
  const live = new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])))
  return {
    ...body,
    docs: body.docs.map((doc) => {
      const row = live.get(String(doc.id))
      if (!row) return doc
      return {
        ...doc,
        ...('seatsBooked' in doc ? { seatsBooked: row.booked } : {}),
        ...('seatsAvailable' in doc ? { seatsAvailable: seatsLeft(row.capacity, row.booked) } : {}),
      }
    }),
  }
}

/**
 * GET /api/events for anonymous visitors, with any query string: Payload's own list from the
 * public cache (src/site/anonymousList.ts), with the seat counters read live for the page's events
 * in one prepared statement. Signed-in users always get Payload's handler, unchanged.
 */
export const eventListEndpoint: Endpoint = {
  custom: { [ANONYMOUS_LIST]: true, [IN_FRONT_OF_PAYLOAD]: true },
  handler: (req) => anonymousList(req, slugs.events, 'eventList', withLiveListSeats),
  method: 'get',
  path: '/',
}
