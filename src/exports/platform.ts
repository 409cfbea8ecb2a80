/**
 * `payload-events-cms/platform`: the platform plugin on its own, for any Payload app on
 * PostgreSQL (no events in it): request limits and input checks, GraphQL cost, timeouts and 503s,
 * the anonymous-read and password lanes, health, read replicas, the PgBouncer mode, the
 * cross-instance cache and HTTP caching. See docs/platform.md.
 */
export {
  hasPlatformPlugin,
  PLATFORM_PLUGIN_ORDER,
  PLATFORM_PLUGIN_SLUG,
  platformPlugin,
} from '../platform/platformPlugin'
export type { PlatformPluginConfig } from '../platform/types'
export {
  graphQLRoutes,
  guardRequest,
  httpCaching,
  type InFront,
  restRoutes,
} from '../platform/routes'
export { apiSegments } from '../utilities/apiSegments'
export {
  fastPathRoute,
  type FrontDoorRoute,
  openFrontDoor,
  passToNext,
} from '../platform/requests/frontDoor'
export {
  type HttpCacheSettings,
  type PlatformSettings,
  platformSettingsOf,
} from '../utilities/platformSettings'
export { defaultLimits, type RequestLimits } from '../utilities/requestLimits'
export { cached, cacheMode, cacheSize, clearCache, invalidateCache } from '../utilities/publicCache'
export { announceChange, notifyCacheChange } from '../utilities/cacheChanges'
export { startCacheListener, stopCacheListener } from '../platform/cache/cacheListener'
export { afterCommit } from '../utilities/afterCommit'
export { PublicError } from '../utilities/publicError'
export { databaseFault, type DatabaseFault } from '../platform/database/databaseFaults'
export {
  type DatabaseTimeouts,
  defaultTimeouts,
  poolsOf,
} from '../platform/database/databaseResilience'
export { type HealthOptions, LAST_BACKUP_KEY } from '../platform/health/healthEndpoint'
