import type { CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../../src/access/roles'
import type { EventDoc, TicketTypeDoc } from '../../src/documents'
import { slugs } from '../../src/slugs'
import { idOf, sameId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'
import { readableCode } from '../../src/utilities/readableCode'

/**
 * A ticket type belongs to one event for good, and to its organizer: an organizer adds types only
 * to their own events. Capacity never goes below what is sold, a sale window ends after it opens,
 * the most per booking is at least the least, and a hidden type gets its access code (the "direct
 * link" that sells it).
 */
export const checkTicketTypeBeforeChange: CollectionBeforeChangeHook<TicketTypeDoc> = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const eventId = idOf(data.event ?? originalDoc?.event)
  if (
    operation === 'update' &&
    data.event !== undefined &&
    !sameId(data.event, originalDoc?.event)
  ) {
    throw new PublicError('A ticket type stays with its event; add a new one instead.', 400, {
      field: 'event',
    })
  }
  if (eventId === undefined) {
    throw new PublicError('Choose the event this ticket type is for ("event").', 400, {
      field: 'event',
    })
  }
  if (operation === 'create' && !hasRole(req, 'admin')) {
    const event = (await req.payload
      .findByID({ collection: slugs.events, depth: 0, id: eventId, req })
      .catch(() => null)) as EventDoc | null
    if (!event) throw new PublicError(`Event ${eventId} does not exist.`, 400, { field: 'event' })
    if (!req.user || !sameId(event.organizer, req.user.id)) {
      throw new PublicError('You can add ticket types to your own events only.', 403, {
        field: 'event',
      })
    }
  }

  const capacity = data.capacity === undefined ? originalDoc?.capacity : data.capacity
  const sold = originalDoc?.seatsBooked ?? 0
  if (typeof capacity === 'number' && capacity < sold) {
    throw new PublicError(`Capacity cannot go below the ${sold} tickets already sold.`, 409, {
      field: 'capacity',
      seatsBooked: sold,
    })
  }
  const opens = data.salesOpenAt === undefined ? originalDoc?.salesOpenAt : data.salesOpenAt
  const closes = data.salesCloseAt === undefined ? originalDoc?.salesCloseAt : data.salesCloseAt
  if (opens && closes && new Date(closes).getTime() <= new Date(opens).getTime()) {
    throw new PublicError('Sales must close after they open.', 400, { field: 'salesCloseAt' })
  }
  const least = data.minPerBooking ?? originalDoc?.minPerBooking ?? 1
  const most = data.maxPerBooking === undefined ? originalDoc?.maxPerBooking : data.maxPerBooking
  if (typeof most === 'number' && most < least) {
    throw new PublicError(
      `The most per booking (${most}) must be at least the least (${least}).`,
      400,
      { field: 'maxPerBooking' },
    )
  }
  const hidden = data.hidden ?? originalDoc?.hidden
  const accessCode = originalDoc?.accessCode ?? null
  return { ...data, accessCode: hidden ? (accessCode ?? readableCode(10)) : accessCode }
}
