import type { CollectionSlug, Config, UploadCollectionSlug } from 'payload'

import { defaults } from '../defaults'
import { resolvePrivacy } from '../privacy/privacySettings'
import type { PluginSettings } from '../settings'
import { type ResolvedSlugs, slugs } from '../slugs'
import type { EventsCmsPluginConfig } from './options'

/** An option that must be a whole number of at least 1, or its default. */
const positiveInteger = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `payload-events-cms: ${name} must be a whole number of at least 1 (got ${String(value)})`,
    )
  }
  return value
}

/** The common-password list holds passwords of 10 characters and more: no shorter minimum. */
const resolvePasswordPolicy = (
  option: EventsCmsPluginConfig['passwordPolicy'],
): PluginSettings['passwordPolicy'] => {
  if (option === false) return false
  const minLength = option?.minLength ?? 10
  if (!Number.isInteger(minLength) || minLength < 10 || minLength > 1024) {
    throw new Error(
      `payload-events-cms: passwordPolicy.minLength must be a whole number from 10 to 1024 (got ${String(minLength)})`,
    )
  }
  return { minLength }
}

/** The payment adapters, each name once (a webhook URL names its adapter). */
const resolvePayments = (option: EventsCmsPluginConfig['payments']): PluginSettings['payments'] => {
  const adapters = (option && option.adapters) || []
  const names = adapters.map(({ name }) => name)
  const twice = names.find((name, i) => names.indexOf(name) !== i)
  if (twice) throw new Error(`payload-events-cms: two payment adapters are named "${twice}"`)
  for (const name of names) {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) {
      throw new Error(
        `payload-events-cms: a payment adapter's name must be lower-case letters, digits and dashes (got "${name}")`,
      )
    }
  }
  return { adapters, organizersRefund: Boolean(option && option.organizersRefund) }
}

export const findCollection = (config: Config, slug: string) =>
  config.collections?.find((c) => c.slug === slug)

/** Which parts, slugs and id type this app gets; the rest of the plugin reads only this. */
export const resolveSettings = (options: EventsCmsPluginConfig, config: Config): PluginSettings => {
  const pages = options.pages !== false
  const forms = options.forms === undefined ? pages : options.forms !== false
  const formOptions = typeof options.forms === 'object' ? options.forms : {}
  const mediaSlug = (options.media && options.media.slug) || slugs.media
  const mediaCollection = findCollection(config, mediaSlug)
  const resolvedSlugs: ResolvedSlugs = {
    ...(slugs as unknown as ResolvedSlugs),
    formSubmissions: (formOptions.submissionsSlug ?? slugs.formSubmissions) as CollectionSlug,
    forms: (formOptions.slug ?? slugs.forms) as CollectionSlug,
    // With `media: false`, image fields use a `media` upload collection only if the app has one.
    media:
      options.media !== false || mediaCollection?.upload
        ? (mediaSlug as UploadCollectionSlug)
        : null,
    users: (options.users?.slug ?? config.admin?.user ?? slugs.users) as CollectionSlug,
  }
  const appointmentOptions = typeof options.appointments === 'object' ? options.appointments : {}
  const holdMinutes = options.bookings?.holdMinutes ?? defaults.holdMinutes
  const gridMinutes = positiveInteger(
    'appointments.gridMinutes',
    appointmentOptions.gridMinutes,
    15,
  )
  if (gridMinutes < 5 || gridMinutes > 240 || 1440 % gridMinutes !== 0) {
    throw new Error(
      `payload-events-cms: appointments.gridMinutes must divide a day into whole steps of 5 to 240 minutes (got ${gridMinutes})`,
    )
  }
  const mailOptions = typeof options.mail === 'object' ? options.mail : {}
  return {
    appointments: {
      gridMinutes,
      holdMinutes: positiveInteger(
        'appointments.holdMinutes',
        appointmentOptions.holdMinutes,
        holdMinutes,
      ),
      maxSearchDays: positiveInteger(
        'appointments.maxSearchDays',
        appointmentOptions.maxSearchDays,
        31,
      ),
    },
    bookings: {
      claimsPerEvent: positiveInteger(
        'bookings.claimsPerEvent',
        options.bookings?.claimsPerEvent,
        4,
      ),
      claimsQueue: 1000,
      holdMinutes,
      maxSeatsPerBooking: options.bookings?.maxSeatsPerBooking ?? defaults.maxSeatsPerBooking,
      queue: options.bookings?.queue ?? defaults.queue,
    },
    enabled: options.enabled ?? true,
    // db-postgres reports uuid ids as 'text', serial ones as 'number'.
    idType: config.db?.defaultIDType === 'text' ? 'uuid' : 'serial',
    mail: {
      attempts: positiveInteger('mail.attempts', mailOptions.attempts, 8),
      bookingPath: mailOptions.bookingPath ?? '/bookings/{id}',
      resetPasswordPath:
        mailOptions.resetPasswordPath ?? `${config.routes?.admin ?? '/admin'}/reset/{token}`,
      retryDelayMs: positiveInteger('mail.retryDelayMs', mailOptions.retryDelayMs, 60_000),
      siteUrl: (
        mailOptions.siteUrl ||
        config.serverURL ||
        process.env.SITE_URL ||
        'http://localhost:3000'
      ).replace(/\/+$/, ''),
      verifyEmail: mailOptions.verifyEmail === true,
      verifyEmailPath:
        mailOptions.verifyEmailPath ??
        `${config.routes?.admin ?? '/admin'}/${resolvedSlugs.users}/verify/{token}`,
    },
    parts: {
      appointments: options.appointments !== false,
      audit: options.audit !== false,
      forms,
      mail: options.mail !== false,
      media: options.media !== false,
      pages,
      payments: options.payments !== false,
      search: options.search !== false,
      siteSettings: options.siteSettings !== false,
      waitingList: options.waitingList !== false && options.mail !== false,
    },
    passwordPolicy: resolvePasswordPolicy(options.passwordPolicy),
    payments: resolvePayments(options.payments),
    privacy: resolvePrivacy(options.privacy, resolvedSlugs),
    // Slugs come from the app's config, so they are the app's CollectionSlug by construction.
    slugs: resolvedSlugs,
    tickets: {
      checkInOpensMinutesBefore: positiveInteger(
        'tickets.checkInOpensMinutesBefore',
        options.tickets?.checkInOpensMinutesBefore,
        240,
      ),
      ...(options.tickets?.codeSecret ? { codeSecret: options.tickets.codeSecret } : {}),
      scansPerMinute: positiveInteger(
        'tickets.scansPerMinute',
        options.tickets?.scansPerMinute,
        240,
      ),
    },
    waitingList: {
      guestConfirmHours: positiveInteger(
        'waitingList.guestConfirmHours',
        typeof options.waitingList === 'object' ? options.waitingList.guestConfirmHours : undefined,
        48,
      ),
      offerMinutes: positiveInteger(
        'waitingList.offerMinutes',
        typeof options.waitingList === 'object' ? options.waitingList.offerMinutes : undefined,
        1440,
      ),
    },
  }
}
