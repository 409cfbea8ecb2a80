import type { DocId } from './utilities/ids'

/**
 * The documents the plugin's own code reads and writes, typed without the app's generated
 * `payload-types.ts` (each app generates its own, with its own extra fields).
 */
export type Relation<T> = DocId | T | null | undefined

export type BookingStatus = 'cancelled' | 'confirmed' | 'expired' | 'pending' | 'refunded'

/** One line of a booking: a quantity of one ticket type (none: the event's own price). */
export type BookingLine = {
  id?: null | string
  name: string
  quantity: number
  ticketType?: Relation<TicketTypeDoc>
  unitPrice: number
}

export type BookingDoc = {
  contactSnapshot?: { email?: null | string; name?: null | string; phone?: null | string }
  createdAt: string
  currency?: null | string
  event: Relation<EventDoc>
  expiresAt?: null | string
  id: DocId
  idempotencyKey?: null | string
  lines?: BookingLine[] | null
  paymentReference?: null | string
  /** Short and unambiguous, for the door and the phone (e.g. K7M2QX9A). */
  reference?: null | string
  seats: number
  status: BookingStatus
  totalPrice?: null | number
  /** The one unit price of a booking whose lines all cost the same; null when they differ. */
  unitPrice?: null | number
  updatedAt: string
  user?: Relation<{ id: DocId }>
}

export type TicketTypeDoc = {
  accessCode?: null | string
  capacity?: null | number
  description?: null | string
  event: Relation<EventDoc>
  hidden?: boolean | null
  id: DocId
  maxPerBooking?: null | number
  minPerBooking?: null | number
  name: string
  price: number
  salesCloseAt?: null | string
  salesOpenAt?: null | string
  seatsAvailable?: null | number
  seatsBooked?: null | number
  sortOrder?: null | number
}

export type TicketDoc = {
  attendeeName?: null | string
  booking: Relation<BookingDoc>
  event: Relation<EventDoc>
  id: DocId
  ticketType?: Relation<TicketTypeDoc>
  version: number
}

export type EventDoc = {
  capacity: number
  currency?: null | string
  description?: unknown
  id: DocId
  organizer?: Relation<{ id: DocId }>
  price: number
  seatsAvailable?: null | number
  seatsBooked?: null | number
  slug?: null | string
  startDate: string
  status: 'cancelled' | 'completed' | 'draft' | 'published'
  tags?: Relation<{ id: DocId }>[] | null
  title: string
  venue: Relation<{ capacity?: number; id: DocId }>
}

/** An account of the plugin's users collection, as `req.user` carries it. */
export type AccountDoc = {
  collection?: string
  email: string
  id: DocId
  name?: null | string
  phone?: null | string
  role?: null | string
}

export type PageDoc = { id: DocId; layout?: unknown[] | null; slug?: null | string; title: string }

export type AppointmentStatus =
  'cancelled' | 'completed' | 'confirmed' | 'expired' | 'no_show' | 'pending'

export type ServiceDoc = {
  bufferAfterMinutes: number
  bufferBeforeMinutes: number
  currency: string
  durationMinutes: number
  id: DocId
  maxGuests: number
  minGuests: number
  name: string
  price: number
  pricing: 'per_appointment' | 'per_guest'
  published?: boolean | null
}

export type AppointmentDoc = {
  blockedFrom?: null | string
  blockedUntil?: null | string
  currency?: null | string
  customer?: Relation<{ id: DocId }>
  end?: null | string
  expiresAt?: null | string
  guests: number
  id: DocId
  notes?: null | string
  reference?: null | string
  resource?: Relation<{ id: DocId }>
  service: Relation<ServiceDoc>
  start: string
  status?: AppointmentStatus | null
  totalPrice?: null | number
  unitPrice?: null | number
  venue?: Relation<{ id: DocId }>
}
