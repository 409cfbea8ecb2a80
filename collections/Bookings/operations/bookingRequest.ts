import type { PayloadRequest } from 'payload'

import { hasRole } from '../../../src/access/roles'
import { settingsOf } from '../../../src/settings'
import { type DocId, idOf, parseId } from '../../../src/utilities/ids'
import { PublicError } from '../../../src/utilities/publicError'
import { isRecord } from '../../../src/utilities/sqlValues'

/** What one booking asks for, checked: the one input parser of every way to book. */
export type BookingRequest = {
  /** A hidden ticket type's access code (its direct link), upper case. */
  accessCode: null | string
  event: DocId
  idempotencyKey: null | string
  /** Lines as asked: a ticket type (null: the event's own price) and how many, with names. */
  lines: RequestedLine[]
  /** `{event, seats}` (the form before ticket types): the event's one type on sale is meant. */
  seatsOnly: boolean
  /** Whom the booking is for: the caller, or someone an admin books for. */
  user: DocId
}
export type RequestedLine = { attendees: string[]; quantity: number; ticketType: DocId | null }

/** Where Payload's create finds the parsed request (its claim hook reads it). */
export const BOOKING_REQUEST = 'eventsCmsBookingRequest'

/** The keys a booking request may carry; an app's own booking fields go to Payload's create. */
export const BOOKING_REQUEST_KEYS = new Set([
  'accessCode',
  'event',
  'idempotencyKey',
  'lines',
  'seats',
  'user',
])

const MAX_LINES = 20
const MAX_NAME = 120

const wholeNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value)

const refuse = (message: string, field: string, data: Record<string, unknown> = {}) =>
  new PublicError(message, 400, { field, ...data })

const parseAttendees = (value: unknown, quantity: number, index: number): string[] => {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.length > quantity) {
    throw refuse(
      `lines.${index}.attendees must be a list of at most ${quantity} names (one per ticket).`,
      `lines.${index}.attendees`,
    )
  }
  return value.map((name, seat) => {
    if (name === null || name === undefined || name === '') return ''
    if (typeof name !== 'string' || name.trim().length > MAX_NAME) {
      throw refuse(
        `lines.${index}.attendees.${seat} must be a name of at most ${MAX_NAME} characters.`,
        `lines.${index}.attendees`,
      )
    }
    return name.trim()
  })
}

const parseLines = (value: unknown, req: PayloadRequest): RequestedLine[] => {
  const { idType } = settingsOf(req.payload)
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LINES) {
    throw refuse(
      `lines must be a list of 1 to ${MAX_LINES} entries like {"ticketType": "<id>", "quantity": 2}.`,
      'lines',
    )
  }
  return value.map((line, index) => {
    if (!isRecord(line)) {
      throw refuse(
        `lines.${index} must be an object like {"ticketType": "<id>", "quantity": 2}.`,
        `lines.${index}`,
      )
    }
    const given = idOf(line.ticketType)
    const ticketType =
      given === undefined || line.ticketType === null ? null : parseId(given, idType)
    if (ticketType === undefined) {
      throw refuse(
        `"${String(given).slice(0, 60)}" is not a ticket type id.`,
        `lines.${index}.ticketType`,
      )
    }
    if (!wholeNumber(line.quantity) || line.quantity < 1) {
      throw refuse(
        `lines.${index}.quantity must be a whole number of at least 1.`,
        `lines.${index}.quantity`,
      )
    }
    return {
      attendees: parseAttendees(line.attendees, line.quantity, index),
      quantity: line.quantity,
      ticketType,
    }
  })
}

/**
 * Reads a booking request: `{event, seats}` or `{event, lines: [{ticketType, quantity,
 * attendees?}]}`, with `idempotencyKey`, `accessCode` and (admins only) `user`. Every malformed
 * value is a 400 naming its field; nothing about the event is looked up yet.
 */
export const parseBookingRequest = (data: unknown, req: PayloadRequest): BookingRequest => {
  if (!req.user) throw new PublicError('Log in to book.', 401, { field: 'user' })
  if (!isRecord(data)) {
    throw refuse('Send a JSON object such as {"event": "<id>", "seats": 2}.', 'body')
  }
  const { bookings, idType } = settingsOf(req.payload)
  const given = idOf(data.event)
  if (given === undefined) throw refuse('Choose the event to book ("event").', 'event')
  const event = parseId(given, idType)
  if (event === undefined)
    throw refuse(`"${String(given).slice(0, 60)}" is not an event id.`, 'event')

  const hasSeats = data.seats !== undefined && data.seats !== null
  const hasLines = data.lines !== undefined && data.lines !== null
  if (hasSeats === hasLines) {
    throw refuse(
      'Say what to book: "seats" (a number) or "lines" ([{"ticketType": "<id>", "quantity": 2}]), not both.',
      hasSeats ? 'lines' : 'seats',
    )
  }
  if (hasSeats && (!wholeNumber(data.seats) || data.seats < 1)) {
    throw refuse('Seats must be a whole number of at least 1.', 'seats')
  }
  const lines: RequestedLine[] = hasSeats
    ? [{ attendees: [], quantity: data.seats as number, ticketType: null }]
    : parseLines(data.lines, req)
  const seats = lines.reduce((sum, { quantity }) => sum + quantity, 0)
  if (seats > bookings.maxSeatsPerBooking) {
    throw refuse(
      hasSeats
        ? `At most ${bookings.maxSeatsPerBooking} seats can be booked at once.`
        : `At most ${bookings.maxSeatsPerBooking} seats can be booked at once (these lines add up to ${seats}).`,
      hasSeats ? 'seats' : 'lines',
      { max: bookings.maxSeatsPerBooking },
    )
  }
  const types = lines.flatMap(({ ticketType }) => (ticketType === null ? [] : [String(ticketType)]))
  if (
    new Set(types).size !== types.length ||
    lines.filter((l) => l.ticketType === null).length > 1
  ) {
    throw refuse('List each ticket type once, with its quantity.', 'lines')
  }

  const key = data.idempotencyKey
  if (key !== undefined && key !== null && (typeof key !== 'string' || key.length > 200)) {
    throw refuse('idempotencyKey must be text of at most 200 characters.', 'idempotencyKey')
  }
  const code = data.accessCode
  if (code !== undefined && code !== null && (typeof code !== 'string' || code.length > 40)) {
    throw refuse('accessCode must be text of at most 40 characters.', 'accessCode')
  }

  // Admins may book on someone's behalf; everyone else books for themselves.
  const onBehalf = hasRole(req, 'admin') ? idOf(data.user) : undefined
  const user =
    onBehalf === undefined || data.user === null ? req.user.id : parseId(onBehalf, idType)
  if (user === undefined)
    throw refuse(`"${String(onBehalf).slice(0, 60)}" is not a user id.`, 'user')

  return {
    accessCode: typeof code === 'string' && code.trim() ? code.trim().toUpperCase() : null,
    event,
    idempotencyKey: typeof key === 'string' && key !== '' ? key : null,
    lines,
    seatsOnly: hasSeats,
    user,
  }
}
