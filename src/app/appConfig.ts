import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { buildConfig, type Plugin, type SanitizedConfig } from 'payload'
import {
  EVENTS_CMS_PLUGIN_ORDER,
  eventsCmsPlugin,
  type EventsCmsPluginConfig,
} from 'payload-events-cms'
import sharp from 'sharp'

import { migrations } from '../../migrations/index'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export type AppConfigOptions = {
  databaseUrl?: string
  /** Receives every SQL statement Payload runs (tests count them). */
  onQuery?: (query: string) => void
  plugin?: EventsCmsPluginConfig
}

/** A whole number from the environment, or undefined (the plugin's default). */
const envMs = (name: string): number | undefined => {
  const value = process.env[name]
  return value === undefined || value === '' ? undefined : Number(value)
}

/** The database timeouts operators can set without code (README "Operating it"). */
const timeoutsFromEnv = (): NonNullable<EventsCmsPluginConfig['database']> => ({
  connectTimeoutMs: envMs('DB_CONNECT_TIMEOUT_MS'),
  idleInTransactionTimeoutMs: envMs('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS'),
  lockTimeoutMs: envMs('DB_LOCK_TIMEOUT_MS'),
  statementTimeoutMs: envMs('DB_STATEMENT_TIMEOUT_MS'),
})

/** The anonymous read lane (README "Limits"); unset values keep the plugin's defaults. */
const anonymousReadsFromEnv = () => ({
  concurrency: envMs('ANONYMOUS_READS_CONCURRENCY'),
  queue: envMs('ANONYMOUS_READS_QUEUE'),
})

/** Runs `plugin` after the events plugin, whose collections it changes. */
const afterEventsCms = (plugin: Plugin): Plugin =>
  Object.assign(plugin, { order: EVENTS_CMS_PLUGIN_ORDER + 1 })

/**
 * The reference app's config, as a function so tests can build variants (plugin disabled, extra
 * fields) from exactly what `payload.config.ts` runs. It uses the plugin as any app would: through
 * the package name, with the official SEO plugin on its pages.
 */
export const buildAppConfig = (options: AppConfigOptions = {}): Promise<SanitizedConfig> => {
  return buildConfig({
    admin: {
      avatar: 'default',
      importMap: { baseDir: rootDir },
      meta: { titleSuffix: ' - Events CMS' },
    },
    db: postgresAdapter({
      idType: 'uuid',
      logger: options.onQuery ? { logQuery: (query) => options.onQuery?.(query) } : undefined,
      migrationDir: path.join(rootDir, 'migrations'),
      pool: { connectionString: options.databaseUrl ?? process.env.DATABASE_URL, max: 20 },
      prodMigrations: migrations,
      push: false,
    }),
    editor: lexicalEditor(),
    graphQL: { maxComplexity: 1000 },
    plugins: [
      eventsCmsPlugin({
        database: timeoutsFromEnv(),
        // JOBS_AUTORUN=off: this app server leaves the queues to `npm run worker`.
        jobsAutoRun: process.env.JOBS_AUTORUN !== 'off',
        limits: { anonymousReads: anonymousReadsFromEnv() },
        ...options.plugin,
      }),
      afterEventsCms(
        seoPlugin({
          collections: ['pages'],
          generateDescription: ({ doc }) => (doc as { title?: string }).title ?? '',
          generateTitle: ({ doc }) => (doc as { title?: string }).title ?? '',
          tabbedUI: true,
          uploadsCollection: 'media',
        }),
      ),
    ],
    secret: process.env.PAYLOAD_SECRET ?? '',
    serverURL: process.env.NEXT_PUBLIC_SERVER_URL,
    sharp,
    telemetry: false,
    typescript: {
      autoGenerate: false,
      outputFile: path.join(rootDir, 'payload-types.ts'),
    },
  })
}
