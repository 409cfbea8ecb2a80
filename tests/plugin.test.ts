/**
 * The plugin joining an existing app's config: adopting its users, media and form builder,
 * reporting clashes, turning parts off, its jobs, and the start-up check of its database rules.
 */
import { postgresAdapter } from '@payloadcms/db-postgres'
import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import {
  buildConfig,
  type CollectionConfig,
  type Config,
  getPayload,
  type SanitizedConfig,
} from 'payload'
import { eventsCmsPlugin, type EventsCmsPluginConfig, settingsOf } from 'payload-events-cms'
import { down, up } from 'payload-events-cms/migrations'
import pg from 'pg'
import { describe, expect, it } from 'vitest'

import { platformPlugin, platformSettingsOf } from 'payload-events-cms/platform'
import { closePayload } from '../scripts/lib/closePayload'
import { buildAppConfig } from '../src/app/appConfig'
import { guardCollectionOperation } from '../src/platform/limits/guardInput'
import { createTestDatabase } from './helpers/testApp'

const hostUsers: CollectionConfig = {
  slug: 'users',
  access: { read: () => true },
  auth: { tokenExpiration: 1234 },
  fields: [{ name: 'displayName', type: 'text' }],
  hooks: { beforeChange: [({ data }) => data] },
}
const hostMedia: CollectionConfig = {
  slug: 'media',
  fields: [{ name: 'caption', type: 'text' }],
  upload: { imageSizes: [{ name: 'square', height: 100, width: 100 }] },
}
const posts: CollectionConfig = { slug: 'posts', fields: [{ name: 'title', type: 'text' }] }

const host = (
  options: EventsCmsPluginConfig = {},
  config: Partial<Config> = {},
): Promise<SanitizedConfig> =>
  buildConfig({
    collections: [hostUsers, hostMedia, posts],
    db: postgresAdapter({
      pool: { connectionString: 'postgres://unused@127.0.0.1:1/none' },
      push: false,
    }),
    editor: lexicalEditor(),
    secret: 'test',
    telemetry: false,
    typescript: { autoGenerate: false },
    ...config,
    plugins: [...(config.plugins ?? []), eventsCmsPlugin(options)],
  })

const collection = (config: SanitizedConfig, slug: string) =>
  config.collections.find((entry) => entry.slug === slug)
const fieldNames = (config: SanitizedConfig, slug: string) =>
  collection(config, slug)?.flattenedFields.map(({ name }) => name) ?? []

describe('plugin in an existing app', () => {
  it("should join the app's users: its fields, hooks and auth settings stay, the role is added", async () => {
    const config = await host()
    const users = collection(config, 'users')

    expect(config.collections.filter(({ slug }) => slug === 'users')).toHaveLength(1)
    expect(fieldNames(config, 'users')).toEqual(expect.arrayContaining(['displayName', 'role']))
    expect(users?.auth.tokenExpiration).toBe(1234)
    expect(users?.hooks.beforeChange).toContain(hostUsers.hooks?.beforeChange?.[0])
    expect(users?.access.read).toBe(hostUsers.access?.read)
    expect(config.admin.user).toBe('users')
  })

  it("should join the app's media: the in-use refusal comes in, image sizes only when asked", async () => {
    const plain = collection(await host(), 'media')
    const sized = collection(await host({ media: { imageSizes: true } }), 'media')

    expect(plain?.hooks.beforeDelete?.length).toBe(1)
    expect(plain?.upload.imageSizes?.map(({ name }) => name)).toEqual(['square'])
    expect(sized?.upload.imageSizes?.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['square', 'thumbnail', 'card', 'hero', 'og']),
    )
  })

  it('should create users and media when the app has none', async () => {
    const config = await host({}, { collections: [posts] })

    expect(collection(config, 'users')?.auth).toBeTruthy()
    expect(collection(config, 'media')?.upload).toBeTruthy()
  })

  it("should reuse the app's form builder wherever it is listed, never applying it twice", async () => {
    const before = await host({}, { plugins: [formBuilderPlugin({})] })
    const after = await buildConfig({
      collections: [hostUsers, hostMedia, posts],
      db: postgresAdapter({
        pool: { connectionString: 'postgres://unused@127.0.0.1:1/none' },
        push: false,
      }),
      editor: lexicalEditor(),
      plugins: [eventsCmsPlugin(), formBuilderPlugin({})],
      secret: 'test',
      telemetry: false,
      typescript: { autoGenerate: false },
    })

    for (const config of [before, after]) {
      expect(config.collections.filter(({ slug }) => slug === 'forms')).toHaveLength(1)
      expect(collection(config, 'form-submissions')?.hooks.beforeChange?.length).toBeGreaterThan(0)
    }
  })

  it('should bring the platform along, once, with its guards on every collection', async () => {
    const config = await host({ limits: { pageSize: 7 } })
    const settings = platformSettingsOf({ config })
    expect(settings.limits.pageSize).toBe(7)
    // The host's own collection is guarded too, not only the plugin's.
    for (const slug of ['posts', 'events', 'users']) {
      expect(collection(config, slug)?.hooks.beforeOperation?.[0], slug).toBe(
        guardCollectionOperation,
      )
    }
    expect(config.endpoints.filter(({ path }) => path === '/health')).toHaveLength(1)
  })

  it('should use the platform the app lists itself, with its options, never twice', async () => {
    const config = await host({}, { plugins: [platformPlugin({ limits: { pageSize: 9 } })] })
    expect(platformSettingsOf({ config }).limits.pageSize).toBe(9)
    expect(config.endpoints.filter(({ path }) => path === '/health')).toHaveLength(1)
    expect(collection(config, 'events')?.hooks.beforeOperation?.[0]).toBe(guardCollectionOperation)
    // Platform options given to the events plugin as well would be silently lost: refused.
    await expect(
      host({ limits: { pageSize: 5 } }, { plugins: [platformPlugin()] }),
    ).rejects.toThrow(/give limits to it, not to eventsCmsPlugin/)
    // A platform that runs first would not see the events collections: refused.
    await expect(host({}, { plugins: [platformPlugin({ order: 1 })] })).rejects.toThrow(
      /platformPlugin\(\) ran before eventsCmsPlugin\(\)/,
    )
  })

  it('should bound cache staleness: 100 ms by default, strict as 0, a negative bound refused', async () => {
    const listen = async (cache: EventsCmsPluginConfig['cache']) =>
      platformSettingsOf({ config: await host({ cache }) }).cache.listen

    expect(await listen(undefined)).toEqual({ maxStaleMs: 100 })
    expect(await listen({ listen: { maxStaleMs: 0, url: 'postgres://x/y' } })).toEqual({
      maxStaleMs: 0,
      url: 'postgres://x/y',
    })
    expect(await listen({ listen: { strict: true } })).toEqual({ maxStaleMs: 0 })
    expect(await listen({ listen: false })).toBe(false)
    await expect(listen({ listen: { maxStaleMs: -1 } })).rejects.toThrow(
      /cache.listen.maxStaleMs must be 0 or more/,
    )
  })

  it('should name every clashing slug in one error', async () => {
    const taken: CollectionConfig[] = [
      { slug: 'venues', fields: [] },
      { slug: 'events', fields: [] },
    ]

    await expect(
      host(
        {},
        {
          collections: [hostUsers, hostMedia, ...taken],
          globals: [{ slug: 'site-settings', fields: [] }],
        },
      ),
    ).rejects.toThrow(
      /"venues" already exists.*"events" already exists.*"site-settings" already exists/,
    )
  })

  it('should refuse a users collection that is not an auth collection, and say so', async () => {
    await expect(
      host({}, { collections: [{ slug: 'users', fields: [] }, hostMedia] }),
    ).rejects.toThrow(/"users" is not an auth collection/)
  })

  it('should leave out each part that is turned off', async () => {
    const config = await host(
      {
        audit: false,
        forms: false,
        media: false,
        pages: false,
        search: false,
        siteSettings: false,
      },
      { collections: [hostUsers, posts] },
    )
    const slugsInConfig = config.collections.map(({ slug }) => slug)

    expect(slugsInConfig).not.toEqual(expect.arrayContaining(['pages']))
    for (const slug of ['pages', 'audit-logs', 'forms', 'media'])
      expect(slugsInConfig).not.toContain(slug)
    expect(config.globals.map(({ slug }) => slug)).not.toContain('site-settings')
    expect(fieldNames(config, 'events')).not.toContain('image')
    expect(fieldNames(config, 'posts')).not.toContain('auditHistory')
    expect(collection(config, 'events')?.endpoints || []).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/search' })]),
    )
  })

  it("should add its queues to the app's autoRun without repeating the app's own", async () => {
    const config = await host(
      {},
      { jobs: { autoRun: [{ cron: '*/5 * * * *', queue: 'bookings' }], tasks: [] } },
    )
    const autoRun = config.jobs.autoRun as { queue?: string }[]
    const off = await host({ jobsAutoRun: false })

    expect(autoRun.map(({ queue }) => queue).sort()).toEqual([
      'bookings',
      'default',
      'mail',
      'maintenance',
      'payments',
      'waiting-list',
    ])
    expect(autoRun.find(({ queue }) => queue === 'bookings')).toEqual({
      cron: '*/5 * * * *',
      queue: 'bookings',
    })
    expect(off.jobs.autoRun).toBeUndefined()
  })

  it("should read the app's id type", async () => {
    expect(settingsOf({ config: await host() }).idType).toBe('serial')
    expect(settingsOf({ config: await buildAppConfig() }).idType).toBe('uuid')
  })
})

describe('database rules at start-up', () => {
  it('should refuse to start without its rules, naming the migration helper, and start once up() ran', async () => {
    const databaseUrl = await createTestDatabase()
    const sql = new pg.Client({ connectionString: databaseUrl })
    await sql.connect()
    const config = await buildAppConfig({ databaseUrl })
    // What a database looks like where the helper never ran: the tables, none of the rules.
    const bare = await getPayload({ config, disableOnInit: true, key: `${databaseUrl}-bare` })
    await down({ db: bare.db.drizzle, payload: bare, req: {} } as Parameters<typeof down>[0])

    await expect(getPayload({ config, key: `${databaseUrl}-check` })).rejects.toThrow(
      /lacks the plugin's rules: booking rules.*payload-events-cms\/migrations/,
    )

    await up({ db: bare.db.drizzle, payload: bare, req: {} } as Parameters<typeof up>[0])
    await up({ db: bare.db.drizzle, payload: bare, req: {} } as Parameters<typeof up>[0])
    // A partitioned log whose function went missing is repaired without touching its rows.
    await sql.query(
      'DROP FUNCTION audit_logs_append(text, text, text, uuid, text, text, text, jsonb, timestamptz, text)',
    )
    await up({ db: bare.db.drizzle, payload: bare, req: {} } as Parameters<typeof up>[0])
    const started = await getPayload({ config, key: `${databaseUrl}-started` })
    const { rows } = await sql.query<{ partitioned: boolean }>(
      `SELECT relkind = 'p' AS partitioned FROM pg_class WHERE relname = 'audit_logs'`,
    )
    expect(rows[0]?.partitioned).toBe(true)
    await sql.end()
    await closePayload(started)
    await closePayload(bare)
  })
})
