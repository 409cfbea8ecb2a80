/** Default option values, in one place. */
export const defaults = {
  holdMinutes: 15,
  maxSeatsPerBooking: 10,
  queue: 'bookings',
} as const
