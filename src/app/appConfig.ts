import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { s3Storage } from '@payloadcms/storage-s3'
import { buildConfig, type Plugin, type SanitizedConfig } from 'payload'
import {
  EVENTS_CMS_PLUGIN_ORDER,
  eventsCmsPlugin,
  type EventsCmsPluginConfig,
  mailAdapterFromEnv,
  paymentAdaptersFromEnv,
} from 'payload-events-cms'
import sharp from 'sharp'

import { migrations } from '../../migrations/index'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Media on an S3-compatible object store instead of the local `media/` directory. */
export type ObjectStorage = {
  accessKeyId: string
  bucket: string
  /** For S3-compatible stores (MinIO, R2, ...); unset for AWS. */
  endpoint?: string
  forcePathStyle?: boolean
  region: string
  secretAccessKey: string
}

export type AppConfigOptions = {
  databaseUrl?: string
  /** Mail settings as the environment gives them (SMTP_URL, MAIL_FROM...; docs/mail.md). */
  mailEnv?: Record<string, string | undefined>
  /** Receives every SQL statement Payload runs (tests count them). */
  onQuery?: (query: string) => void
  plugin?: EventsCmsPluginConfig
  /** Read replicas (streaming standbys); defaults to DATABASE_REPLICA_URLS (comma-separated). */
  readReplicas?: string[]
  /** Object storage for media; defaults to S3_* from the environment, else the local disk. */
  storage?: ObjectStorage
}

/** A whole number from the environment, or undefined (the plugin's default). */
const envMs = (name: string): number | undefined => {
  const value = process.env[name]
  return value === undefined || value === '' ? undefined : Number(value)
}

/** The database timeouts and pooler operators can set without code (docs/operating.md). */
const timeoutsFromEnv = (): NonNullable<EventsCmsPluginConfig['database']> => ({
  connectTimeoutMs: envMs('DB_CONNECT_TIMEOUT_MS'),
  // DATABASE_POOLER=transaction: DATABASE_URL goes through PgBouncer in transaction mode.
  pooler: process.env.DATABASE_POOLER === 'transaction' ? 'transaction' : undefined,
  idleInTransactionTimeoutMs: envMs('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS'),
  lockTimeoutMs: envMs('DB_LOCK_TIMEOUT_MS'),
  statementTimeoutMs: envMs('DB_STATEMENT_TIMEOUT_MS'),
})

/** The anonymous read lane (docs/limits.md); unset values keep the plugin's defaults. */
const anonymousReadsFromEnv = () => ({
  concurrency: envMs('ANONYMOUS_READS_CONCURRENCY'),
  queue: envMs('ANONYMOUS_READS_QUEUE'),
})

/** DATABASE_REPLICA_URLS: read replicas public reads may use (docs/scaling.md). */
const replicasFromEnv = (): string[] | undefined => {
  const urls = (process.env.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim())
  return urls.some(Boolean) ? urls.filter(Boolean) : undefined
}

/** S3_BUCKET and friends (docs/scaling.md); unset: media stay on the local disk. */
const storageFromEnv = (): ObjectStorage | undefined =>
  process.env.S3_BUCKET
    ? {
        accessKeyId: process.env.S3_ACCESS_KEY_ID ?? '',
        bucket: process.env.S3_BUCKET,
        endpoint: process.env.S3_ENDPOINT || undefined,
        forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
        region: process.env.S3_REGION ?? 'us-east-1',
        secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? '',
      }
    : undefined

/**
 * The official S3 adapter for the media collection. Always in the config, turned on by settings
 * only, with its fields always in the schema: one migration history whichever storage runs.
 */
const objectStorage = (storage: ObjectStorage | undefined): Plugin =>
  s3Storage({
    alwaysInsertFields: true,
    bucket: storage?.bucket ?? 'media',
    collections: { media: true },
    config: {
      credentials: {
        accessKeyId: storage?.accessKeyId ?? '',
        secretAccessKey: storage?.secretAccessKey ?? '',
      },
      endpoint: storage?.endpoint,
      forcePathStyle: storage?.forcePathStyle,
      region: storage?.region ?? 'us-east-1',
    },
    enabled: Boolean(storage),
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
      readReplicas: options.readReplicas ?? replicasFromEnv(),
    }),
    editor: lexicalEditor(),
    // SMTP from the environment; without it the dev mailbox (the admin's Mail collection).
    email: mailAdapterFromEnv(options.mailEnv ?? process.env),
    graphQL: { maxComplexity: 1000 },
    plugins: [
      eventsCmsPlugin({
        database: timeoutsFromEnv(),
        // JOBS_AUTORUN=off: this app server leaves the queues to `npm run worker`.
        jobsAutoRun: process.env.JOBS_AUTORUN !== 'off',
        // Stripe from STRIPE_SECRET_KEY; the test adapter outside production (docs/payments.md).
        payments: { adapters: paymentAdaptersFromEnv() },
        // Account mails link to the site's own pages (src/app/(site)/account).
        mail: {
          // MAIL_VERIFY_EMAIL=on: new accounts confirm their address before they can sign in.
          verifyEmail: process.env.MAIL_VERIFY_EMAIL === 'on',
          resetPasswordPath: '/account/reset-password?token={token}',
          verifyEmailPath: '/account/verify?token={token}',
        },
        limits: { anonymousReads: anonymousReadsFromEnv() },
        // The cache listener's LISTEN needs a session: the server itself, not a pooler.
        // CACHE_MAX_STALE_MS: how long after a commit another server may serve the old answer.
        cache: {
          listen: {
            maxStaleMs: envMs('CACHE_MAX_STALE_MS'),
            url: process.env.DATABASE_DIRECT_URL || undefined,
          },
        },
        ...options.plugin,
      }),
      // The media collection is the events plugin's: storage joins it after.
      afterEventsCms(objectStorage(options.storage ?? storageFromEnv())),
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
