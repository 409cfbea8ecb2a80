import type { PayloadRequest } from 'payload'

import type { PersonalFields } from '../audit/personalParts'
import { slugs as pluginSlugs } from '../slugs'
import type { DocId } from '../utilities/ids'

/**
 * Called inside the erasure's transaction (pass `req` on to keep it), before the account itself is
 * anonymised: clear the personal data your app keeps elsewhere (its own fields, tables, files).
 */
export type OnErase = (args: {
  /** The account's current email, as stored. */
  email: string
  /** Every address the account has had (the current one too), trimmed and lower-cased. */
  emails: string[]
  id: DocId
  req: PayloadRequest
}) => Promise<void> | void

/** How long personal data is kept; every period in days (see docs/personal-data.md). */
export type RetentionSettings = {
  /** The ip and user agent of whoever made a change, in the audit log. */
  actorDays: number
  /** Events completed this long ago leave the public lists (their bookings stay). */
  archiveEventsAfterDays: number
  /** The email tried in a failed sign-in, in the audit log. */
  failedLoginDays: number
  /** Form submissions (deleted) and their personal data in the audit log. */
  formSubmissionDays: number
  /** Attendee names on tickets, counted from the end of their event. */
  attendeeNameDays: number
  /** Customer accounts with no booking and no sign-in for this long are erased and deleted. */
  inactiveAccountDays: number
  /** Who a mail went to and what it said, in the mail log (the row itself stays: sent once). */
  mailDays: number
  /** The contact snapshot of a hold that expired or a booking that was cancelled. */
  releasedBookingContactDays: number
}

export const defaultRetention: RetentionSettings = {
  actorDays: 90,
  archiveEventsAfterDays: 730,
  attendeeNameDays: 30,
  failedLoginDays: 90,
  formSubmissionDays: 365,
  inactiveAccountDays: 1095,
  mailDays: 90,
  releasedBookingContactDays: 30,
}

export type PrivacySettings = {
  /**
   * Exports of one account per hour, counted apart for the person's own and for admins' (a
   * data-access request an admin makes for the person is not refused because the person exported).
   */
  exportsPerHour: number
  onErase?: OnErase
  /** Per collection slug, which fields of its audit rows are personal (erasable). */
  personalFields: PersonalFields
  /** false: no retention job (erasure and export still work). */
  retention: false | RetentionSettings
}

export type PrivacyOptions = {
  exportsPerHour?: number
  onErase?: OnErase
  /** Added to (or replacing, per collection) the plugin's own: users, bookings, tickets, appointments, form submissions, waiting list. */
  personalFields?: PersonalFields
  retention?: false | Partial<RetentionSettings>
}

export const resolvePrivacy = (
  options: PrivacyOptions | undefined,
  slugs: {
    appointments: string
    bookings: string
    formSubmissions: string
    tickets: string
    users: string
  },
): PrivacySettings => ({
  exportsPerHour: options?.exportsPerHour ?? 5,
  ...(options?.onErase ? { onErase: options.onErase } : {}),
  personalFields: {
    [slugs.users]: '*',
    [slugs.bookings]: ['contactSnapshot'],
    [slugs.formSubmissions]: ['submissionData'],
    [slugs.tickets]: ['attendeeName'],
    [slugs.appointments]: ['notes'],
    // A guest's address until they confirm it (then the entry is their account's).
    [pluginSlugs.waitingList]: ['email'],
    ...options?.personalFields,
  },
  retention: options?.retention === false ? false : { ...defaultRetention, ...options?.retention },
})
