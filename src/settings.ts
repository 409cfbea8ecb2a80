import type { Payload } from 'payload'

import type { RequestLimits } from './limits/limits'
import type { PrivacySettings } from './privacy/privacySettings'
import type { HttpCacheSettings } from './routes/httpCache'
import type { ResolvedSlugs } from './slugs'
import type { IdType } from './utilities/ids'

/** Which optional parts of the plugin an app uses (each adds collections, hooks and SQL rules). */
export type PluginParts = {
  audit: boolean
  forms: boolean
  media: boolean
  pages: boolean
  search: boolean
  siteSettings: boolean
}

/**
 * What the plugin resolved for one app, kept in `config.custom.eventsCms`: hooks, endpoints and
 * the migration helper read it at run time, so they follow the app's slugs and id type.
 */
export type PluginSettings = {
  bookings: { holdMinutes: number; maxSeatsPerBooking: number; queue: string }
  /** The public cache: its size and where its cross-instance listener connects (false: none). */
  cache: {
    listen: false | { strict?: boolean; url?: string }
    maxEntries: number
    signedInMs: number
  }
  /** How the pool reaches PostgreSQL (`transaction`: through a pooler in transaction mode). */
  database: { pooler?: 'transaction' }
  enabled: boolean
  /** Cache-Control and ETags of public API answers (false: no caching headers on them). */
  httpCache: false | HttpCacheSettings
  idType: IdType
  limits: RequestLimits
  parts: PluginParts
  /** Passwords set on the accounts collection (false: Payload's own rules only). */
  passwordPolicy: false | { minLength: number }
  /** Personal data: which audit fields are erasable, export limits, retention periods. */
  privacy: PrivacySettings
  slugs: ResolvedSlugs
}

export const SETTINGS_KEY = 'eventsCms'

export const settingsOf = (payload: Pick<Payload, 'config'>): PluginSettings => {
  const settings = payload.config.custom?.[SETTINGS_KEY] as PluginSettings | undefined
  if (!settings) throw new Error('payload-events-cms: eventsCmsPlugin() is not in this config')
  return settings
}
