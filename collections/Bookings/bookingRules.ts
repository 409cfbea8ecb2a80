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
