import type { TaskConfig } from 'payload'

import { expireLapsedHolds } from './expireLapsedHolds'
import { AUDIT_ORIGIN } from '../../src/audit/requestInfo'
import { settingsOf } from '../../src/settings'
import { expireAppointmentHolds } from '../Appointments/expireAppointmentHolds'
import { releaseStalledMailJobs } from '../Mails/releaseStalledMailJobs'

export const EXPIRE_HOLDS_TASK = 'expireBookingHolds'

/**
 * Marks lapsed pending holds `expired` (bookings and appointments) and gives their seats back (the event's and their ticket
 * types'), and sets each touched event's
 * `next_hold_expiry` to its next pending hold, in one statement. Idempotent:
 * only rows still `pending` change, so a second run (or two workers at once, which the 3.x queue
 * allows) frees nothing twice. Bookings themselves already ignore lapsed holds when claiming.
 */
export const expireBookingHoldsTask: TaskConfig<{ input: object; output: { expired: number } }> = {
  slug: EXPIRE_HOLDS_TASK,
  handler: async ({ req }) => {
    req.context[AUDIT_ORIGIN] = 'job'
    const ids = await expireLapsedHolds(req)
    // The plugin's minute housekeeping: mail jobs a killed runner left `processing` go back.
    if (settingsOf(req.payload).parts.mail) await releaseStalledMailJobs(req.payload)
    const appointments = settingsOf(req.payload).parts.appointments
      ? await expireAppointmentHolds(req)
      : []
    return { output: { expired: ids.length + appointments.length } }
  },
  outputSchema: [{ name: 'expired', type: 'number', required: true }],
  retries: 2,
}
