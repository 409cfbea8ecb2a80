import type { PayloadRequest } from 'payload'

import { settingsOf } from '../../src/settings'
import { keyedLanes } from '../../src/utilities/lanes'
import { platformSettingsOf } from '../../src/utilities/platformSettings'
import { PublicError } from '../../src/utilities/publicError'

/**
 * The lanes claims wait in (src/utilities/lanes.ts), one per key: an event's bookings and
 * cancels (`bookingClaims`), a venue's appointments (`appointmentClaims`). At most
 * `bookings.claimsPerEvent` of a key hold a connection and row locks at once on this server, up
 * to `bookings.claimsQueue` wait without one.
 */
export const claimLanes = (req: PayloadRequest, name: 'appointmentClaims' | 'bookingClaims') => {
  const { bookings } = settingsOf(req.payload)
  return keyedLanes(name, { concurrency: bookings.claimsPerEvent, queue: bookings.claimsQueue })
}

/**
 * Enters `key`'s lane: its release (call it with whether the claim moved the lane on), or
 * undefined when refused. A long queue that moves is a rush, not a fault: only a lane stalled for
 * the lock timeout (its row held elsewhere) refuses.
 */
export const enterClaimLane = (
  req: PayloadRequest,
  lanes: ReturnType<typeof claimLanes>,
  key: string,
) => lanes.enter(key, platformSettingsOf(req.payload).database.lockTimeoutMs, { stalled: true })

/** The refusal of a stalled lane. */
export const laneBusy = (what: 'event' | 'venue') =>
  new PublicError(
    `This ${what} is busy with other bookings right now; try again in a moment.`,
    503,
    { retryAfter: 1 },
  )

/** Whether a claim that threw still moved its lane on: a refusal did, a server-side failure not. */
export const movedOn = (error: unknown): boolean =>
  ((error as { status?: unknown }).status as number) < 500
