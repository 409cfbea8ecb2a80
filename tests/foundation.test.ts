import { getTableConfig, type PgTable } from '@payloadcms/db-postgres/drizzle/pg-core'
import { getPayload } from 'payload'
import { beforeEach, describe, expect, it } from 'vitest'

import { appMigrations } from '../scripts/lib/appMigrations'
import { buildAppConfig } from '../src/app/appConfig'
import { slugs } from 'payload-events-cms'
import { type TestApp, useTestApp } from './helpers/testApp'

/** Columns, indexes, checks and foreign keys of every table, as comparable text. */
const describeSchema = (tables: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(tables)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, table]) => {
        const config = getTableConfig(table as PgTable)
        return [
          name,
          {
            checks: config.checks.map((check) => check.name).sort(),
            columns: config.columns.map((column) => `${column.name}:${column.getSQLType()}`).sort(),
            foreignKeys: config.foreignKeys.map((fk) => fk.getName()).sort(),
            indexes: config.indexes.map((index) => index.config.name).sort(),
          },
        ]
      }),
  )

const publicTables = async (app: TestApp) => {
  const { rows } = await app.sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )
  return rows.map(({ tablename }) => tablename)
}

describe('foundation', () => {
  const app = useTestApp()

  beforeEach(async () => {
    await app.reset()
  })

  it('should make the first user created through REST an admin', async () => {
    const response = await app.rest.post(`/${slugs.users}`, {
      email: 'first@example.com',
      password: 'correct-horse-battery',
    })

    expect(response.status).toBe(201)
    const body = (await response.json()) as { doc: { role: string } }
    expect(body.doc.role).toBe('admin')
  })

  it('should register later users through REST as plain users, whatever role they ask for', async () => {
    await app.rest.post(`/${slugs.users}`, {
      email: 'first@example.com',
      password: 'pw-1234567890',
    })

    const response = await app.rest.post(`/${slugs.users}`, {
      email: 'second@example.com',
      password: 'pw-1234567890',
      role: 'admin',
    })

    const body = (await response.json()) as { doc: { role: string } }
    expect(body.doc.role).toBe('user')
  })

  it('should log in through REST and answer GraphQL with the session', async () => {
    await app.rest.post(`/${slugs.users}`, {
      email: 'admin@example.com',
      password: 'pw-1234567890',
    })
    const login = await app.rest.post(`/${slugs.users}/login`, {
      email: 'admin@example.com',
      password: 'pw-1234567890',
    })
    const { token } = (await login.json()) as { token: string }

    const response = await app.graphql('{ meUser { user { email role } } }', { token })

    expect(await response.json()).toEqual({
      data: { meUser: { user: { email: 'admin@example.com', role: 'admin' } } },
    })
  })

  it('should refuse anonymous reads of users', async () => {
    const response = await app.rest.get(`/${slugs.users}`)

    expect(response.status).toBe(403)
  })

  it('should migrate down to an empty database and up again', async () => {
    const before = await publicTables(app)

    await app.payload.db.migrateDown()
    const afterDown = await publicTables(app)
    await app.payload.db.migrate({ migrations: appMigrations })
    const afterUp = await publicTables(app)

    expect(afterDown).toEqual([])
    expect(afterUp).toEqual(before)
  })

  it('should keep exactly the same schema when the plugin is disabled', async () => {
    const disabled = await getPayload({
      config: buildAppConfig({ databaseUrl: app.databaseUrl, plugin: { enabled: false } }),
      disableDBConnect: true,
      key: `${app.databaseUrl}-disabled`,
    })

    expect(describeSchema(disabled.db.tables)).toEqual(describeSchema(app.payload.db.tables))
  })

  it('should drop hooks and endpoints when the plugin is disabled', async () => {
    const disabled = await buildAppConfig({
      databaseUrl: app.databaseUrl,
      plugin: { enabled: false },
    })
    const users = disabled.collections.find(({ slug }) => slug === slugs.users)

    expect(users?.hooks.beforeChange).toEqual([])
  })
})
