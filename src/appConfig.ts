import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig, type SanitizedConfig } from 'payload'
import sharp from 'sharp'

import { migrations } from '../migrations'
import { eventsCmsPlugin } from './plugin'
import type { EventsCmsPluginConfig } from './types'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export type AppConfigOptions = {
  databaseUrl?: string
  /** Receives every SQL statement Payload runs (tests count them). */
  onQuery?: (query: string) => void
  plugin?: EventsCmsPluginConfig
}

/**
 * The reference app's config, as a function so tests can build variants (plugin disabled, extra
 * fields) from exactly what `payload.config.ts` runs.
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
    jobs: {
      // Runs scheduled tasks inside the Next.js server: booking-hold expiry (queue `bookings`),
      // scheduled page publishing (Payload's `default` queue) and audit partitions (`maintenance`).
      autoRun: [
        { cron: '* * * * *', limit: 100, queue: 'bookings' },
        { cron: '* * * * *', limit: 100, queue: 'default' },
        // Audit partitions ahead and retention (the task itself is scheduled daily).
        { cron: '*/10 * * * *', limit: 10, queue: 'maintenance' },
      ],
    },
    plugins: [eventsCmsPlugin(options.plugin)],
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
