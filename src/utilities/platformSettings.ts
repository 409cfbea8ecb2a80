import type { Payload } from 'payload'

import type { IdType } from './ids'
import type { RequestLimits } from './requestLimits'

/** How long a CDN may keep and serve public API answers (option `httpCache`). */
export type HttpCacheSettings = {
  /** Seconds a shared cache (CDN) may serve a public answer without asking again. */
  sMaxAge: number
  /** Seconds after that during which it may serve the old answer while it fetches a new one. */
  staleWhileRevalidate: number
}

export const defaultHttpCache: HttpCacheSettings = { sMaxAge: 10, staleWhileRevalidate: 60 }

/** The Cache-Control of anything a signed-in client gets. */
export const PRIVATE = 'private, no-store'

/**
 * What the platform plugin (src/platform) resolved for one app, kept in `config.custom`: its
 * request guard, hooks and services read it at run time, and so do the domain's fast paths (the
 * limits a booking body must keep, whether the pool goes through a pooler). Shared core, so that
 * both plugins read the one copy without importing each other.
 */
export type PlatformSettings = {
  /** The public cache: its size and where its cross-instance listener connects (false: none). */
  cache: {
    /**
     * `maxStaleMs`: how long after a commit elsewhere a hit may still serve the previous answer
     * (0: every hit makes the listener's round trip first; Infinity: never).
     */
    listen: false | { maxStaleMs: number; url?: string }
    maxEntries: number
    signedInMs: number
  }
  /** How the pool reaches PostgreSQL (`transaction`: through a pooler in transaction mode). */
  database: { lockTimeoutMs: number; pooler?: 'transaction' }
  enabled: boolean
  /** Cache-Control and ETags of public API answers (false: no caching headers on them). */
  httpCache: false | HttpCacheSettings
  idType: IdType
  limits: RequestLimits
}

export const PLATFORM_SETTINGS_KEY = 'payloadPlatform'

/** The platform's settings of this app, or undefined when platformPlugin() is not in its config. */
export const platformSettingsIfAny = (
  payload: Pick<Payload, 'config'>,
): PlatformSettings | undefined =>
  payload.config.custom?.[PLATFORM_SETTINGS_KEY] as PlatformSettings | undefined

export const platformSettingsOf = (payload: Pick<Payload, 'config'>): PlatformSettings => {
  const settings = platformSettingsIfAny(payload)
  if (!settings) {
    throw new Error(
      'payload-events-cms: platformPlugin() (or eventsCmsPlugin()) is not in this config',
    )
  }
  return settings
}
