import type { CollectionConfig, Config, Plugin } from 'payload'

import { PLATFORM_SETTINGS_KEY } from '../utilities/platformSettings'
import { postgresAdapterOf } from '../utilities/transactionDb'
import { startCacheListener } from './cache/cacheListener'
import {
  checkSignInOutages,
  quietDatabaseFaults,
  resolveTimeouts,
  watchPool,
  withPoolTimeouts,
} from './database/databaseResilience'
import { withJobClaims } from './database/jobClaims'
import { withMigrationLock } from './database/migrationLock'
import { routeReads } from './database/readRouting'
import { healthEndpoint } from './health/healthEndpoint'
import { graphQLCostRule } from './limits/graphQLCost'
import {
  globalWithInputGuards,
  guardInternalCollections,
  withInputGuards,
} from './limits/withInputGuards'
import { formatClientErrors } from './requests/formatClientErrors'
import { resolvePlatformSettings } from './settings'
import { forgetSignedInUser } from './signIn/forgetSignedInUser'
import { rememberSignedIn } from './signIn/rememberSignedIn'
import type { PlatformPluginConfig } from './types'

export const PLATFORM_PLUGIN_SLUG = 'payload-events-cms/platform'
/** Last among an app's plugins, so that the input guards cover every collection. */
export const PLATFORM_PLUGIN_ORDER = 1000

/** Refusals a client caused are not server faults: logged at info, without a stack trace. */
const clientErrorLevels: Record<string, 'info'> = {
  AuthenticationError: 'info',
  PublicError: 'info',
  QueryError: 'info',
  UnauthorizedError: 'info',
}

/** Accounts remembered by the sign-in memo are forgotten when they change, go or log out. */
const withForgetting = (collection: CollectionConfig): CollectionConfig =>
  !collection.auth
    ? collection
    : {
        ...collection,
        hooks: {
          ...collection.hooks,
          afterChange: [...(collection.hooks?.afterChange ?? []), forgetSignedInUser.afterChange],
          afterDelete: [...(collection.hooks?.afterDelete ?? []), forgetSignedInUser.afterDelete],
          afterLogout: [...(collection.hooks?.afterLogout ?? []), forgetSignedInUser.afterLogout],
        },
      }

/** Whether this config has the platform plugin (listed, or applied already). */
export const hasPlatformPlugin = (config: Config): boolean =>
  Boolean(config.custom?.[PLATFORM_SETTINGS_KEY]) ||
  (config.plugins ?? []).some((plugin) => plugin.slug === PLATFORM_PLUGIN_SLUG)

/**
 * The platform: what keeps any Payload app on PostgreSQL answering under load and bad input, with
 * no events in it. Request limits and input checks on every collection and global (4xx naming
 * the problem), GraphQL cost, pool and statement timeouts with 503 + Retry-After instead of hangs
 * or 500s, migrations serialized across servers, read replicas that never serve a signed-in
 * client stale data, `GET /api/health`, a sign-in memo and a public cache kept fresh across app
 * servers (LISTEN/NOTIFY). The route guard itself comes with `restRoutes`/`graphQLRoutes` from
 * `payload-events-cms/platform`, used in the app's API route files.
 */
export const platformPlugin = (options: PlatformPluginConfig = {}): Plugin => {
  const plugin: Plugin = (config: Config): Config => {
    if (config.db && config.db.name !== 'postgres') {
      throw new Error(
        `payload-events-cms/platform needs @payloadcms/db-postgres; this config uses "${config.db.name}".`,
      )
    }
    if (config.custom?.[PLATFORM_SETTINGS_KEY]) {
      throw new Error('payload-events-cms: platformPlugin() is applied twice to this config.')
    }
    const settings = resolvePlatformSettings(options, config)
    const { enabled } = settings
    const incomingOnInit = config.onInit
    return {
      ...config,
      collections: enabled
        ? (config.collections ?? []).map((collection) =>
            withForgetting(withInputGuards(collection)),
          )
        : config.collections,
      custom: { ...config.custom, [PLATFORM_SETTINGS_KEY]: settings },
      db: !config.db
        ? config.db
        : withJobClaims(
            withMigrationLock(
              options.database === false
                ? config.db
                : withPoolTimeouts(
                    config.db,
                    resolveTimeouts(options.database),
                    options.database ?? {},
                  ),
            ),
          ),
      endpoints: [
        ...(config.endpoints ?? []),
        ...(enabled && options.health !== false ? [healthEndpoint(options.health || {})] : []),
      ],
      globals: enabled ? (config.globals ?? []).map(globalWithInputGuards) : config.globals,
      graphQL: {
        ...config.graphQL,
        validationRules: (args) => [
          ...(config.graphQL?.validationRules?.(args) ?? []),
          ...(enabled ? [graphQLCostRule(settings.limits.graphQL)] : []),
        ],
      },
      hooks: {
        ...config.hooks,
        afterError: [...(enabled ? [formatClientErrors] : []), ...(config.hooks?.afterError ?? [])],
      },
      loggingLevels: { ...clientErrorLevels, ...config.loggingLevels },
      onInit: async (payload) => {
        watchPool(payload)
        routeReads(payload)
        quietDatabaseFaults(payload)
        if (enabled) {
          guardInternalCollections(payload)
          checkSignInOutages(payload)
          rememberSignedIn(payload, settings.cache.signedInMs)
          if (settings.cache.listen) {
            startCacheListener(
              payload,
              settings.cache.listen.url ??
                String(postgresAdapterOf(payload).poolOptions.connectionString),
              { maxStaleMs: settings.cache.listen.maxStaleMs },
            )
          }
        }
        await incomingOnInit?.(payload)
      },
    }
  }
  plugin.order = options.order ?? PLATFORM_PLUGIN_ORDER
  plugin.slug = PLATFORM_PLUGIN_SLUG
  plugin.options = options as Record<string, unknown>
  return plugin
}
