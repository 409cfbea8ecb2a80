/** Default option values, in one place. */
export const defaults = {
  /** Monthly audit partitions kept ready beyond the current month. */
  auditMonthsAhead: 3,
  maintenanceQueue: 'maintenance',
  holdMinutes: 15,
  /** Bytes; larger uploads get a 413. */
  maxFileSize: 10 * 1024 * 1024,
  maxSeatsPerBooking: 10,
  queue: 'bookings',
} as const

/** Where the plugin runs among an app's plugins (Payload sorts by `order`, lower first). */
export const EVENTS_CMS_PLUGIN_ORDER = 100
export const EVENTS_CMS_PLUGIN_SLUG = 'payload-events-cms'
