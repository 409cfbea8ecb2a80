import type { Config } from 'payload'

import { defaultHttpCache, type PlatformSettings } from '../utilities/platformSettings'
import { DEFAULT_CACHE_ENTRIES } from '../utilities/publicCache'
import { resolveLimits } from '../utilities/requestLimits'
import { resolveTimeouts } from './database/databaseResilience'
import type { PlatformPluginConfig } from './types'

/** How long after a commit elsewhere a cache hit may serve the previous answer, by default. */
export const DEFAULT_MAX_STALE_MS = 100

const listenSettings = (
  listen: NonNullable<PlatformPluginConfig['cache']>['listen'],
): Exclude<PlatformSettings['cache']['listen'], false> => {
  const { maxStaleMs, strict, url } = typeof listen === 'object' ? listen : {}
  if (maxStaleMs !== undefined && !(maxStaleMs >= 0)) {
    throw new Error(`payload-events-cms: cache.listen.maxStaleMs must be 0 or more (${maxStaleMs})`)
  }
  const legacy = strict === undefined ? undefined : strict ? 0 : Infinity
  return { maxStaleMs: maxStaleMs ?? legacy ?? DEFAULT_MAX_STALE_MS, ...(url ? { url } : {}) }
}

/** What the platform does for this app; its guard, hooks and services read only this. */
export const resolvePlatformSettings = (
  options: PlatformPluginConfig,
  config: Config,
): PlatformSettings => ({
  cache: {
    listen: options.cache?.listen === false ? false : listenSettings(options.cache?.listen),
    maxEntries: options.cache?.maxEntries ?? DEFAULT_CACHE_ENTRIES,
    signedInMs: options.cache?.signedInMs ?? 5000,
  },
  database: {
    // With `database: false` the pool is the app's own; lock waits still end after 3 s.
    lockTimeoutMs:
      (options.database === false ? 0 : resolveTimeouts(options.database).lockTimeoutMs) || 3000,
    pooler: options.database ? options.database.pooler : undefined,
  },
  enabled: options.enabled ?? true,
  httpCache: options.httpCache === false ? false : { ...defaultHttpCache, ...options.httpCache },
  // db-postgres reports uuid ids as 'text', serial ones as 'number'.
  idType: config.db?.defaultIDType === 'text' ? 'uuid' : 'serial',
  limits: resolveLimits(options.limits),
})
