import type { Payload } from 'payload'

import type { PaymentAdapter } from './payments/paymentAdapter'
import type { PrivacySettings } from './privacy/privacySettings'
import type { ResolvedSlugs } from './slugs'
import type { IdType } from './utilities/ids'

/** Which optional parts of the plugin an app uses (each adds collections, hooks and SQL rules). */
export type PluginParts = {
  /** Services on resources at opening hours: the appointments collections and endpoints. */
  appointments: boolean
  audit: boolean
  forms: boolean
  /** Booking mails through a durable outbox, the mail log / dev mailbox and editable templates. */
  mail: boolean
  media: boolean
  pages: boolean
  /** Payments and refunds of bookings through the configured adapters (collections/Payments). */
  payments: boolean
  search: boolean
  siteSettings: boolean
  /** Waiting lists of sold-out events with offers of freed seats (needs `mail`). */
  waitingList: boolean
}

/**
 * What the events plugin resolved for one app, kept in `config.custom.eventsCms`: hooks, endpoints
 * and the migration helper read it at run time, so they follow the app's slugs and id type. The
 * platform's settings (limits, cache, timeouts) are its own: src/utilities/platformSettings.ts.
 */
export type PluginSettings = {
  appointments: AppointmentSettings
  bookings: {
    /** Claims of one event running at once per app server; the rest wait without a connection. */
    claimsPerEvent: number
    /** Claims of one event that may wait; beyond that a 503. */
    claimsQueue: number
    holdMinutes: number
    maxSeatsPerBooking: number
    queue: string
  }
  enabled: boolean
  idType: IdType
  mail: MailSettings
  parts: PluginParts
  payments: {
    /** The providers bookings may be paid with (none: paid bookings are confirmed by staff). */
    adapters: PaymentAdapter[]
    /** Organizers may refund bookings of their own events (else admins only). */
    organizersRefund: boolean
  }
  /** Passwords set on the accounts collection (false: Payload's own rules only). */
  passwordPolicy: false | { minLength: number }
  /** Personal data: which audit fields are erasable, export limits, retention periods. */
  privacy: PrivacySettings
  slugs: ResolvedSlugs
  /** Ticket codes and check-in at the door. */
  tickets: TicketSettings
  waitingList: {
    /** How long an offer holds its seats for the person, in minutes. */
    offerMinutes: number
    /** How long a guest has to confirm their address before the entry lapses, in hours. */
    guestConfirmHours: number
  }
}

export type AppointmentSettings = {
  /** Minutes between the start times the free-slot search offers (from each opening). */
  gridMinutes: number
  /** Minutes a pending (unpaid) appointment holds its time before it lapses. */
  holdMinutes: number
  /** The most days one free-slot search may cover. */
  maxSearchDays: number
}

export type MailSettings = {
  /** Tries of a mail that fails temporarily, with exponential back-off from `retryDelayMs`. */
  attempts: number
  /** Where a customer manages a booking: a path under `siteUrl`, `{id}` and `{reference}` filled in. */
  bookingPath: string
  /** Where the password-reset mail links to, under `siteUrl`, `{token}` filled in. */
  resetPasswordPath: string
  retryDelayMs: number
  /** The site's public address: links in mails, calendar UIDs (default: serverURL, SITE_URL). */
  siteUrl: string
  /** New accounts confirm their address before signing in (Payload's `verify`). */
  verifyEmail: boolean
  /** Where the address confirmation mail links to, under `siteUrl`, `{token}` filled in. */
  verifyEmailPath: string
}

export type TicketSettings = {
  /** How long before an event starts its doors open for check-in, in minutes. */
  checkInOpensMinutesBefore: number
  /** The key ticket codes are made with (default: derived from PAYLOAD_SECRET). */
  codeSecret?: string
  /** Scans one scanner (account) may make per minute on one app server. */
  scansPerMinute: number
}

export const SETTINGS_KEY = 'eventsCms'

export const settingsOf = (payload: Pick<Payload, 'config'>): PluginSettings => {
  const settings = payload.config.custom?.[SETTINGS_KEY] as PluginSettings | undefined
  if (!settings) throw new Error('payload-events-cms: eventsCmsPlugin() is not in this config')
  return settings
}
