import type { PayloadRequest } from 'payload'

import { hasRole } from '../../../src/access/roles'
import { settingsOf } from '../../../src/settings'
import { PublicError } from '../../../src/utilities/publicError'
import type { BookingRequest } from './bookingRequest'
import type { EventOffer, OfferedType } from './eventOffer'

/** A line as it will be sold: its type, the name and unit price of the day, and whether allowed. */
export type PricedLine = {
  attendees: string[]
  /**
   * Whether the line may buy a hidden type (its access code was sent, or staff sells it): the
   * statement checks it against the type as it is then, in case it was hidden meanwhile.
   */
  allowed: boolean
  name: string
  quantity: number
  ticketType: null | string
  unitPrice: string
}

/** The name of a line sold at the event's own price (an event without ticket types). */
export const ADMISSION = 'Admission'

const onSale = (type: OfferedType, now: number): boolean =>
  (!type.opensAt || Date.parse(type.opensAt) <= now) &&
  (!type.closesAt || Date.parse(type.closesAt) > now)

/** The one type `{event, seats}` means: the only public one on sale now. */
const onlyTypeOnSale = (offer: EventOffer): OfferedType => {
  const now = Date.now()
  const candidates = offer.types.filter((type) => !type.hidden && onSale(type, now))
  const [only] = candidates
  if (candidates.length === 1 && only) return only
  const list = candidates.map(({ id, name }) => `"${name}" (${id})`).join(', ')
  throw new PublicError(
    `This event sells ticket types: book with "lines": [{"ticketType": "<id>", "quantity": 2}]${list ? `; on sale now: ${list}` : '; none is on sale now'}.`,
    400,
    { field: 'lines', ticketTypes: candidates.map(({ id, name }) => ({ id, name })) },
  )
}

/**
 * Prices each line from the event's offer and checks everything a type demands: it is this
 * event's, on sale now, within its least and most per booking, and, when hidden, asked for with
 * its access code (or sold by the event's organizer or an admin). One set of messages for every
 * way to book; the booking statement checks the same against the rows it locks.
 */
export const priceLines = (
  req: PayloadRequest,
  offer: EventOffer,
  request: BookingRequest,
): PricedLine[] => {
  const staff =
    hasRole(req, 'admin') ||
    (hasRole(req, 'organizer') &&
      offer.organizer !== null &&
      offer.organizer === String(req.user?.id))
  const { maxSeatsPerBooking } = settingsOf(req.payload).bookings
  const now = Date.now()
  if (offer.types.length === 0) {
    return request.lines.map((line, index) => {
      if (line.ticketType !== null) {
        throw new PublicError(
          `"${String(line.ticketType)}" is not a ticket type of this event (it sells no ticket types).`,
          400,
          { field: `lines.${index}.ticketType` },
        )
      }
      return { ...line, allowed: true, name: ADMISSION, ticketType: null, unitPrice: offer.price }
    })
  }
  return request.lines.map((line, index) => {
    const field = `lines.${index}.ticketType`
    const type =
      request.seatsOnly && line.ticketType === null
        ? onlyTypeOnSale(offer)
        : offer.types.find(({ id }) => id === String(line.ticketType))
    if (line.ticketType === null && !request.seatsOnly) {
      throw new PublicError(
        'This event sells ticket types: name one for each line ({"ticketType": "<id>", "quantity": 2}).',
        400,
        { field },
      )
    }
    if (!type) {
      throw new PublicError(
        `"${String(line.ticketType)}" is not a ticket type of this event.`,
        400,
        {
          field,
        },
      )
    }
    const allowed = staff || (type.accessCode !== null && request.accessCode === type.accessCode)
    if (type.hidden && !allowed) {
      throw new PublicError(
        `"${type.name}" is sold with an access code: send it as "accessCode".`,
        403,
        { field: 'accessCode' },
      )
    }
    if (type.opensAt && Date.parse(type.opensAt) > now) {
      throw new PublicError(`Sales of "${type.name}" open at ${type.opensAt}.`, 409, {
        field,
        opensAt: type.opensAt,
      })
    }
    if (type.closesAt && Date.parse(type.closesAt) <= now) {
      throw new PublicError(`Sales of "${type.name}" closed at ${type.closesAt}.`, 409, {
        closesAt: type.closesAt,
        field,
      })
    }
    const most = type.max ?? maxSeatsPerBooking
    if (line.quantity < type.min || line.quantity > most) {
      throw new PublicError(
        `"${type.name}" is sold ${type.min === most ? `${most}` : `${type.min} to ${most}`} per booking; you asked for ${line.quantity}.`,
        400,
        { field: `lines.${index}.quantity`, max: most, min: type.min },
      )
    }
    return {
      allowed,
      attendees: line.attendees,
      name: type.name,
      quantity: line.quantity,
      ticketType: type.id,
      unitPrice: type.price,
    }
  })
}
