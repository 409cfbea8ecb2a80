import { type CollectionBeforeChangeHook } from 'payload'

import type { EventDoc } from '../../src/documents'
import { slugs } from '../../src/slugs'
import { idOf } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'

/**
 * An event holds at most what its venue holds, and never fewer seats than are already booked.
 * The database CHECK (seats_booked <= capacity) backs the second rule up.
 */
export const checkCapacityBeforeChange: CollectionBeforeChangeHook<EventDoc> = async ({
  data,
  originalDoc,
  req,
}) => {
  const capacity = data.capacity ?? originalDoc?.capacity
  const venueId = idOf(data.venue ?? originalDoc?.venue)
  if (typeof capacity !== 'number' || venueId === undefined) return data

  const booked = originalDoc?.seatsBooked ?? 0
  if (capacity < booked) {
    throw new PublicError(`Capacity cannot go below the ${booked} seats already booked.`, 409, {
      field: 'capacity',
      seatsBooked: booked,
    })
  }
  const venue = await req.payload
    .findByID({ collection: slugs.venues, depth: 0, id: venueId, req, select: { capacity: true } })
    .catch(() => null)
  if (!venue) throw new PublicError(`Venue ${venueId} does not exist.`, 400, { field: 'venue' })
  const venueCapacity = Number(venue.capacity)
  if (capacity > venueCapacity) {
    throw new PublicError(
      `Capacity ${capacity} exceeds the venue's capacity of ${venueCapacity}.`,
      400,
      { field: 'capacity', venueCapacity },
    )
  }
  return data
}
