import type { Where } from 'payload'

import type { AccountDoc, BookingDoc, BookingStatus } from '../../src/documents'
import type { DocId } from '../../src/utilities/ids'

/** The booking rules in one place, shared by hooks, the REST endpoint and the expiry job. */
export const bookingStatuses = [
  'pending',
  'confirmed',
  'cancelled',
  'refunded',
  'expired',
] as const satisfies readonly BookingStatus[]
export type { BookingStatus }

/** Statuses that hold seats: they count in the event's `seatsBooked`. */
export const activeStatuses: readonly BookingStatus[] = ['pending', 'confirmed']

export const isActive = (status: BookingStatus | null | undefined): boolean =>
  status !== null && status !== undefined && activeStatuses.includes(status)

// The same conditions in SQL, written once for hooks, jobs and migrations alike.
export { activeBookingSql, lapsedHoldSql, validHoldSql } from '../../src/db/conditions'

/**
 * A CTE `released_types` that gives back the ticket-type seats of the bookings in CTE `ended`
 * (id), once the event rows are released in CTE `after` (so the lock order stays bookings ->
 * events -> ticket types, as in every claim).
 */
export const releaseTypeSeatsCte = (ended: string, after: string): string => `released_types AS (
    UPDATE ticket_types t SET seats_booked = t.seats_booked - freed.quantity
      FROM (SELECT l.ticket_type_id AS id, sum(l.quantity) AS quantity
              FROM bookings_lines l JOIN ${ended} ON l._parent_id = ${ended}.id
             WHERE l.ticket_type_id IS NOT NULL GROUP BY l.ticket_type_id) AS freed
     WHERE t.id = freed.id AND EXISTS (SELECT 1 FROM ${after})
    RETURNING t.id
  )`

/** Which status changes are allowed at all, and which of them only admins may make. */
const transitions: Record<BookingStatus, Partial<Record<BookingStatus, 'admin' | 'owner'>>> = {
  cancelled: {},
  confirmed: { cancelled: 'owner', refunded: 'admin' },
  expired: {},
  pending: { cancelled: 'owner', confirmed: 'admin' },
  refunded: {},
}

export const transitionRule = (
  from: BookingStatus,
  to: BookingStatus,
): 'admin' | 'owner' | undefined => transitions[from][to]

/** A user's booking made with a given idempotency key (unique per user in the database). */
export const idempotencyWhere = (userId: DocId, key: string): Where => ({
  and: [{ user: { equals: userId } }, { idempotencyKey: { equals: key } }],
})

/** A whole number of seats from 1 to the largest booking allowed. */
export const isSeatCount = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max

/**
 * The contact details a booking keeps as they were when it was made (the account may change or
 * be anonymised later). An app's users collection may have no `name` or `phone`: they stay null.
 */
export const contactSnapshotOf = (
  user: AccountDoc,
): NonNullable<BookingDoc['contactSnapshot']> => ({
  email: user.email,
  name: user.name ?? null,
  phone: user.phone ?? null,
})

export type BookingOptions = {
  /** How long a pending (unpaid) booking holds its seats, in minutes. */
  holdMinutes: number
  /** Largest number of seats in one booking. */
  maxSeatsPerBooking: number
}
