import type { FieldHook } from 'payload'

import type { EventDoc } from '../../src/documents'

/** What is left to book: also used where the counter is read live (cached event reads). */
export const seatsLeft = (capacity: number, seatsBooked: number): number =>
  Math.max(0, capacity - seatsBooked)

/** Virtual: what is left to book. Costs no query; the counter is kept exact by the bookings hooks. */
export const seatsAvailableAfterRead: FieldHook<EventDoc, number | null | undefined> = ({
  siblingData,
}) =>
  typeof siblingData.capacity === 'number'
    ? seatsLeft(siblingData.capacity, siblingData.seatsBooked ?? 0)
    : null
