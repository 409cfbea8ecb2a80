import type { CollectionConfig, Field } from 'payload'

import type { PaymentAdapter } from '../payments/paymentAdapter'
import type { PLATFORM_OPTIONS, PlatformPluginConfig } from '../platform/types'
import type { PrivacyOptions } from '../privacy/privacySettings'

export type CollectionExtension = {
  /**
   * Change the collection's fields. Receives the plugin's fields; return the list to use.
   * @example fields: ({ defaultFields }) => [...defaultFields, { name: 'dressCode', type: 'text' }]
   */
  fields?: (args: { defaultFields: Field[] }) => Field[]
  /**
   * Replace anything in the finished collection (runs after `fields`). The plugin's hooks are in
   * `defaultCollection.hooks`; append yours so that the plugin's rules run first.
   * @example override: ({ defaultCollection }) => ({ ...defaultCollection, admin: { group: 'Shop' } })
   */
  override?: (args: { defaultCollection: CollectionConfig }) => CollectionConfig
}

export type ExtendableCollection =
  | 'appointments'
  | 'bookings'
  | 'events'
  | 'media'
  | 'pages'
  | 'resources'
  | 'services'
  | 'tags'
  | 'ticketTypes'
  | 'tickets'
  | 'users'
  | 'venues'
  | 'waitingList'

/**
 * Options of eventsCmsPlugin(): the events domain's own, and the platform's (cache, database,
 * health, httpCache, limits; see PlatformPluginConfig), which it passes on to the platform plugin
 * it applies, unless your config lists platformPlugin() itself (then give them to that).
 */
export type EventsCmsPluginConfig = EventsDomainOptions &
  Pick<PlatformPluginConfig, (typeof PLATFORM_OPTIONS)[number]>

export type EventsDomainOptions = {
  /** The audit log (`audit-logs`, hash chain, a history panel on every document). `false`: none. */
  audit?:
    | false
    | {
        /**
         * Collection or global slugs not to audit (the audit log itself and Payload's internal
         * collections are never audited).
         * @example exclude: ['payload-preferences']
         */
        exclude?: string[]
        /**
         * Monthly partitions of the audit log created ahead of time.
         * @default 3
         */
        monthsAhead?: number
        /**
         * Jobs queue of the daily partition task (`maintainAuditPartitions`).
         * @default 'maintenance'
         */
        queue?: string
        /**
         * Whole months of audit history kept before the current month; older monthly partitions
         * are dropped by the daily job, and each drop is logged. Unset: history is kept forever.
         * @example retentionMonths: 24
         */
        retentionMonths?: number
      }
  /**
   * Appointments: services of a given length on resources (rooms, bays, staff) in the opening
   * hours of their venue, with a free-slot search. `false`: no such collections or endpoints.
   * `gridMinutes`: between the start times the search offers (5 to 240, a divisor of a day);
   * `holdMinutes`: how long an unpaid appointment holds its time; `maxSearchDays`: the longest
   * search.
   * @default { gridMinutes: 15, holdMinutes: bookings.holdMinutes, maxSearchDays: 31 }
   */
  appointments?: false | { gridMinutes?: number; holdMinutes?: number; maxSearchDays?: number }
  bookings?: {
    /**
     * Bookings of one event that claim seats at once on one app server; the others wait their
     * turn without holding a database connection (up to the lock timeout, then a 503), so a held
     * event row cannot take the whole pool.
     * @default 4
     */
    claimsPerEvent?: number
    /**
     * Minutes a pending (unpaid) booking holds its seats before it expires.
     * @default 15
     */
    holdMinutes?: number
    /**
     * Largest number of seats one booking may take.
     * @default 10
     */
    maxSeatsPerBooking?: number
    /**
     * Queue the hold-expiry job is scheduled on.
     * @default 'bookings'
     */
    queue?: string
  }
  /**
   * Booking mails (confirmation with tickets and calendar file, hold reminder, cancellation,
   * refund, event changed or cancelled) through a durable outbox, a mail log that is the dev
   * mailbox without SMTP, editable templates. `false`: none. docs/mail.md.
   */
  mail?:
    | false
    | {
        attempts?: number
        bookingPath?: string
        /**
         * Where the password-reset mail links to, `{token}` filled in (default: the admin's reset
         * screen). The reference app's site: `/account/reset-password?token={token}`.
         */
        resetPasswordPath?: string
        retryDelayMs?: number
        siteUrl?: string
        /** New accounts of the plugin's users collection confirm their address first. */
        verifyEmail?: boolean
        /** Where the confirmation mail links to, `{token}` filled in (default: the admin's). */
        verifyEmailPath?: string
      }
  /**
   * Waiting lists of sold-out events: freed seats are offered to the next in line as a hold of
   * `offerMinutes` (default 1440: a day) with a one-time link by mail. Guests (an e-mail address,
   * no account; where an event allows them) confirm their address within `guestConfirmHours`
   * (default 48). `false`: none (also without `mail`). docs/waiting-list.md.
   */
  waitingList?: false | { guestConfirmHours?: number; offerMinutes?: number }
  /**
   * Payments and refunds of paid bookings (docs/payments.md): `adapters` are the providers a
   * booking may be paid with (`stripePaymentAdapter`, `manualPaymentAdapter`,
   * `testPaymentAdapter`); none: paid bookings are holds that staff confirm, as without payments.
   * `organizersRefund`: organizers may refund bookings of their own events (default: admins only).
   * `false`: no payments collections at all.
   * @example payments: { adapters: [stripePaymentAdapter({ secretKey, webhookSecret })] }
   */
  payments?: false | { adapters?: PaymentAdapter[]; organizersRefund?: boolean }
  /** Per-collection extension points, keyed by collection slug. */
  collections?: Partial<Record<ExtendableCollection, CollectionExtension>>
  /**
   * Turn the plugin's behaviour off. Collections and fields stay, so the database schema and the
   * migrations stay valid; hooks and endpoints are dropped.
   * @default true
   */
  enabled?: boolean
  /**
   * Contact forms for the page builder, from @payloadcms/plugin-form-builder. When your config
   * already applies `formBuilderPlugin`, its `forms` and `form-submissions` are reused (never
   * applied twice). `false`: no contact-form block and no form builder. Defaults to `pages`.
   */
  forms?: boolean | { slug?: string; submissionsSlug?: string }
  /**
   * Run the plugin's queues (hold expiry every minute, audit partitions, and Payload's `default`
   * queue for scheduled page publishing) with `jobs.autoRun` in your server. `false`: run them
   * yourself, e.g. `payload jobs:run --queue bookings` from a cron.
   * @default true
   */
  jobsAutoRun?: boolean
  /**
   * Personal data (docs/personal-data.md): how many exports a person may request per
   * hour, which fields of a collection's audit rows are personal (erasable; the plugin's own:
   * every users field but `role`, a booking's `contactSnapshot`, a submission's data), and the
   * retention periods in days the daily `applyRetention` job enforces (`false`: no such job).
   * @example privacy: { personalFields: { customers: '*' }, retention: { actorDays: 30 } }
   */
  privacy?: PrivacyOptions
  /**
   * Passwords set on the accounts collection (registration, change, reset): at least `minLength`
   * characters (10 or more), not the account's email, not one of the most common passwords (a
   * list shipped with the plugin). `false`: Payload's own rules only.
   * @default { minLength: 10 }
   */
  passwordPolicy?: false | { minLength?: number }
  /**
   * Tickets and check-in. `codeSecret`: the key ticket codes are derived with (default: derived
   * from PAYLOAD_SECRET; changing either voids every code issued). `checkInOpensMinutesBefore`:
   * how long before the start the door lets people in (until the event's end).
   * `scansPerMinute`: per scanner account and app server.
   * @default { checkInOpensMinutesBefore: 240, scansPerMinute: 240 }
   */
  tickets?: {
    checkInOpensMinutesBefore?: number
    codeSecret?: string
    scansPerMinute?: number
  }
  /**
   * The media library. By default the plugin uses your upload collection with slug `media`, adding
   * the in-use delete refusal and its cache hooks, or creates one when you have none. `false`:
   * the plugin neither creates nor changes one (its image fields then point at a `media`
   * collection if you have one, and are left out if not).
   */
  media?:
    | false
    | {
        /**
         * Add the site's image sizes (thumbnail, card, hero, og) to your own media collection.
         * The plugin's own media collection always has them.
         * @default false
         */
        imageSizes?: boolean
        /**
         * Largest upload in bytes; larger files are refused with a 413 naming the limit. Your
         * config's `upload.limits.fileSize` wins when set.
         * @default 10 * 1024 * 1024
         */
        maxFileSize?: number
        /**
         * Slug of your upload collection to use.
         * @default 'media'
         */
        slug?: string
      }
  /**
   * Where in the plugin order this plugin runs (Payload sorts `plugins` by `order`, lower first).
   * Late by default, so the audit log covers collections other plugins add and an app's own
   * `formBuilderPlugin` is found wherever it is listed. Plugins that change the events plugin's
   * collections (e.g. @payloadcms/plugin-seo on `pages`) need a higher order.
   * @default 100
   */
  order?: number
  /** Block-built pages (`pages`) with drafts, versions and scheduled publish. `false`: none. */
  pages?: boolean
  /** Full-text event search (`GET /api/events/search`, GraphQL `SearchEvents`). `false`: none. */
  search?: boolean
  /** The `site-settings` global (general, contact, social, SEO, appearance, private). */
  siteSettings?: boolean
  /**
   * The accounts that book and run events. By default the plugin joins your admin user collection
   * (`admin.user`): it adds a `role` field (user, organizer, admin), its access rules where yours
   * are unset, the first-user-is-admin hook and the bookings guard. With no users collection at
   * all, it creates one.
   */
  users?: {
    /**
     * Slug of your auth collection to use.
     * @default config.admin.user, else 'users'
     */
    slug?: string
  }
}
