import type { PayloadRequest } from 'payload'

import { liveSeatsBookedSql } from '../../Events/liveSeats'
import { settingsOf } from '../../../src/settings'
import { type DocId, pgIdType } from '../../../src/utilities/ids'
import { runPrepared } from '../../../src/utilities/preparedQuery'
import { PublicError } from '../../../src/utilities/publicError'
import { liveTypeSeatsBookedSql } from '../../TicketTypes/liveTypeSeats'
import type { PricedLine } from './priceLines'

type State = {
  booked: number
  capacity: number
  start_date: Date | string
  status: string
  types: { booked: number; capacity: null | number; id: string; name: string }[]
}

const stateQuery = (idType: 'serial' | 'uuid') => {
  const id = pgIdType(idType)
  return {
    name: `events_cms_booking_state_${idType}`,
    text: `SELECT e.status::text AS status, e.start_date, e.capacity::int AS capacity,
      ${liveSeatsBookedSql('e')}::int AS booked,
      coalesce((SELECT json_agg(json_build_object('id', t.id::text, 'name', t.name,
        'capacity', t.capacity::int, 'booked', ${liveTypeSeatsBookedSql('t', 'e')}::int))
        FROM ticket_types t WHERE t.event_id = e.id AND t.id = ANY($2::${id}[])), '[]') AS types
      FROM events e WHERE e.id = $1::${id}`,
  }
}

/** The event has fewer seats left than a booking asks for. */
export const notEnoughSeats = (remaining: number, requested: number) =>
  new PublicError(
    remaining === 0
      ? 'This event is sold out: 0 seats remain.'
      : `Not enough seats: you asked for ${requested} but only ${remaining} remain.`,
    409,
    { remaining, requested },
  )

/** The seats the event had left, when `error` is the refusal above (of any bundle's copy). */
export const seatsLeftIn = (error: unknown): number | undefined => {
  if (!(error instanceof Error) || error.name !== 'PublicError') return undefined
  const { data, status } = error as PublicError & { data?: Record<string, unknown> }
  return status === 409 && typeof data?.remaining === 'number' && !('ticketType' in data)
    ? data.remaining
    : undefined
}

/**
 * Why a claim took nothing, in the words every way to book answers with: the event is missing,
 * closed, over or short of seats, or a ticket type is short of them. Reads what is committed now
 * (the refused statement changed nothing). Undefined when nothing explains it: the seats moved
 * while the claim ran, so trying again may well succeed.
 */
export const explainRefusal = async (
  req: PayloadRequest,
  eventId: DocId,
  lines: PricedLine[],
): Promise<PublicError | undefined> => {
  const typed = lines.filter((line) => line.ticketType !== null)
  const [event] = await runPrepared<State>(req, stateQuery(settingsOf(req.payload).idType), [
    eventId,
    typed.map(({ ticketType }) => ticketType),
  ])
  if (!event) return new PublicError(`Event ${eventId} does not exist.`, 404, { field: 'event' })
  if (event.status !== 'published') {
    return new PublicError(`This event is not open for booking (status: ${event.status}).`, 409, {
      status: event.status,
    })
  }
  if (new Date(event.start_date).getTime() <= Date.now()) {
    return new PublicError('This event has already started; it can no longer be booked.', 409, {
      field: 'event',
    })
  }
  const seats = lines.reduce((sum, { quantity }) => sum + quantity, 0)
  const remaining = Math.max(0, event.capacity - event.booked)
  if (remaining < seats) return notEnoughSeats(remaining, seats)
  for (const line of typed) {
    const type = event.types.find(({ id }) => id === line.ticketType)
    if (!type || type.capacity === null) continue
    const left = Math.max(0, type.capacity - type.booked)
    if (left < line.quantity) {
      return new PublicError(
        left === 0
          ? `"${type.name}" is sold out.`
          : `Not enough "${type.name}" tickets: you asked for ${line.quantity} but only ${left} remain.`,
        409,
        { remaining: left, requested: line.quantity, ticketType: type.id },
      )
    }
  }
  return undefined
}
