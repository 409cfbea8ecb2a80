import type { FieldHook } from 'payload'

import type { Event } from '../../payload-types'

/** Virtual: what is left to book. Costs no query; the counter is kept exact by the bookings hooks. */
export const seatsAvailableAfterRead: FieldHook<Event, number | null | undefined> = ({
  siblingData,
}) =>
  typeof siblingData.capacity === 'number'
    ? Math.max(0, siblingData.capacity - (siblingData.seatsBooked ?? 0))
    : null
