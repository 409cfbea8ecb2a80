import type { CollectionSlug, UploadCollectionSlug } from 'payload'

/**
 * Collection and global slugs. The plugin's own collections have fixed slugs (its SQL rules name
 * their tables); `users`, `media`, `forms` and `form-submissions` are defaults, since the plugin
 * adopts the app's own collections: read the resolved ones with `settingsOf(payload).slugs`.
 */
export const slugs = {
  appointments: 'appointments',
  auditLogs: 'audit-logs',
  bookings: 'bookings',
  checkIns: 'check-ins',
  closures: 'closures',
  events: 'events',
  formSubmissions: 'form-submissions',
  forms: 'forms',
  mailTemplates: 'mail-templates',
  mails: 'mails',
  media: 'media',
  pages: 'pages',
  paymentEvents: 'payment-events',
  payments: 'payments',
  refunds: 'refunds',
  resources: 'resources',
  services: 'services',
  tags: 'tags',
  ticketTypes: 'ticket-types',
  tickets: 'tickets',
  users: 'users',
  venues: 'venues',
  waitingList: 'waiting-list',
} as const

export const globalSlugs = {
  navigation: 'navigation',
  siteSettings: 'site-settings',
} as const

/**
 * The slugs one app resolved; `media` is null when the app has no media collection for it. Typed
 * as the app's `CollectionSlug` (a plain string where no generated types are loaded).
 */
export type ResolvedSlugs = {
  appointments: CollectionSlug
  auditLogs: CollectionSlug
  bookings: CollectionSlug
  checkIns: CollectionSlug
  closures: CollectionSlug
  events: CollectionSlug
  formSubmissions: CollectionSlug
  forms: CollectionSlug
  mailTemplates: CollectionSlug
  mails: CollectionSlug
  media: null | UploadCollectionSlug
  pages: CollectionSlug
  paymentEvents: CollectionSlug
  payments: CollectionSlug
  refunds: CollectionSlug
  resources: CollectionSlug
  services: CollectionSlug
  tags: CollectionSlug
  ticketTypes: CollectionSlug
  tickets: CollectionSlug
  users: CollectionSlug
  venues: CollectionSlug
  waitingList: CollectionSlug
}
