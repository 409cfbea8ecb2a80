import type { RequestLimitsOption } from '../utilities/requestLimits'
import type { HttpCacheSettings } from '../utilities/platformSettings'
import type { DatabaseOption } from './database/databaseResilience'
import type { HealthOptions } from './health/healthEndpoint'

/**
 * Options of the platform plugin (`payload-events-cms/platform`): what keeps any Payload app on
 * PostgreSQL answering under load and bad input. `eventsCmsPlugin` takes the same options and
 * passes them on when it applies the platform itself.
 */
export type PlatformPluginConfig = {
  /**
   * The public cache (anonymous reads the app caches with `cached`).
   */
  cache?: {
    /**
     * Clear the cache in every app instance when one of them commits a change (PostgreSQL
     * LISTEN/NOTIFY on a dedicated connection). `url`: where the listener connects, when the pool
     * goes through a pooler in transaction mode (which cannot hold a LISTEN); defaults to the
     * pool's connection string. `maxStaleMs` (default 100): how long after a commit on one
     * instance another may still serve the previous answer. A hit costs no database work while
     * the listener's last round trip (made in the background while hits keep coming) started
     * less than `maxStaleMs` ago; otherwise it waits for one (shared by every read in the same
     * turn of the event loop). `0`: every hit waits for a round trip (a read right after a write
     * on another instance is always fresh). While the listener reconnects nothing is served from
     * the cache. `strict` (deprecated): `true` is `maxStaleMs: 0`, `false` no bound at all.
     * `false`: one app instance only.
     * @default true
     */
    listen?: boolean | { maxStaleMs?: number; strict?: boolean; url?: string }
    /**
     * Entries kept; the least recently used go first.
     * @default 5000
     */
    maxEntries?: number
    /**
     * How long a signed-in token's account is remembered instead of loaded again (Payload's JWT
     * strategy runs a full findByID per request), in ms, never past the token's expiry. An
     * update, deletion or logout of the account on any app server forgets it at once. 0: never.
     * @default 5000
     */
    signedInMs?: number
  }
  /**
   * How long requests wait for PostgreSQL before they get a 503 with Retry-After: for a pooled
   * connection (`connectTimeoutMs`, default 5000), a lock (`lockTimeoutMs`, 3000), one statement
   * (`statementTimeoutMs`, 15000), and how long a transaction may sit idle while open
   * (`idleInTransactionTimeoutMs`, 30000). Fills only what your `db` pool config leaves unset.
   * `pooler: 'transaction'` when the pool connects through PgBouncer in transaction mode (no
   * named prepared statements, no startup settings: give the database role its timeouts).
   * `false`: leave the pool exactly as your config has it.
   * @example database: { statementTimeoutMs: 30_000 }
   */
  database?: false | DatabaseOption
  /**
   * Turn the platform's behaviour off (no guards, limits, endpoints or services).
   * @default true
   */
  enabled?: boolean
  /**
   * `GET /api/health`: app, database round trip, overdue jobs and the age of the last backup; 200
   * (`ok` or `degraded`) while the database answers, 503 when it does not. `false`: no endpoint.
   */
  health?: false | HealthOptions
  /**
   * HTTP caching of public API answers (anonymous GETs): an ETag (`304` to a matching
   * If-None-Match) and `Cache-Control: public, s-maxage, stale-while-revalidate` for a CDN in
   * front. Signed-in answers are always `private, no-store`. `false`: no caching headers.
   * @default { sMaxAge: 10, staleWhileRevalidate: 60 }
   */
  httpCache?: false | Partial<HttpCacheSettings>
  /**
   * What one API request may ask of the server (body size, nesting, string length, page size,
   * depth, GraphQL cost, read time). Each is refused with a 4xx naming the limit. See
   * docs/limits.md for the defaults.
   * @example limits: { pageSize: 50, graphQL: { aliases: 5 } }
   */
  limits?: RequestLimitsOption
  /**
   * Where in the plugin order this plugin runs. Last by default, so that its input guards cover
   * every collection other plugins add.
   * @default 1000
   */
  order?: number
}

/** The options `eventsCmsPlugin` passes on to the platform plugin. */
export const PLATFORM_OPTIONS = ['cache', 'database', 'health', 'httpCache', 'limits'] as const
