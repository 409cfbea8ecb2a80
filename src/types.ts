import type { CollectionConfig, Field } from 'payload'

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
  'bookings' | 'events' | 'media' | 'pages' | 'tags' | 'users' | 'venues'

export type EventsCmsPluginConfig = {
  audit?: {
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
     * Whole months of audit history kept before the current month; older monthly partitions are
     * dropped by the daily job, and each drop is logged. Unset: history is kept forever.
     * @example retentionMonths: 24
     */
    retentionMonths?: number
  }
  bookings?: {
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
     * Queue the hold-expiry job is scheduled on. Run it with `autoRun` in your config or
     * `payload jobs:run --queue bookings` from a cron.
     * @default 'bookings'
     */
    queue?: string
  }
  media?: {
    /**
     * Largest upload in bytes; larger files are refused with a 413 naming the limit.
     * @default 10 * 1024 * 1024
     */
    maxFileSize?: number
  }
  /** Per-collection extension points, keyed by collection slug. */
  collections?: Partial<Record<ExtendableCollection, CollectionExtension>>
  /**
   * Turn the plugin's behaviour off. Collections and fields stay, so the database schema and the
   * migrations stay valid; hooks and endpoints are dropped.
   * @default true
   */
  enabled?: boolean
}
