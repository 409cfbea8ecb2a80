import { TIME_TAKING_STATUSES } from '../../src/db/conditions'
import type { AppointmentStatus } from '../../src/documents'

/** Statuses that take the resource's time (the exclusion constraint's list). */
export const takesTime = (status: AppointmentStatus): boolean =>
  (TIME_TAKING_STATUSES as readonly string[]).includes(status)

/**
 * Who may move an appointment from one status to another: `customer` (its owner, before it
 * starts), `staff` (admins, and organizers managing its venue) or nobody (undefined). Expiry is
 * the server's (a lapsed hold, or released when another appointment needs its time).
 */
export const appointmentTransition = (
  from: AppointmentStatus,
  to: AppointmentStatus,
): 'customer' | 'staff' | undefined => {
  if (to === 'cancelled' && (from === 'pending' || from === 'confirmed')) return 'customer'
  if (from === 'pending' && to === 'confirmed') return 'staff'
  if (from === 'confirmed' && (to === 'completed' || to === 'no_show')) return 'staff'
  return undefined
}
