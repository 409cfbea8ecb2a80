/**
 * App servers started at the same moment on an empty database (a fresh cluster, a rolling deploy
 * with a new migration) each run the migrations on start: one runs them, the others wait for it,
 * and every migration is recorded once.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'

import { migrations } from '../migrations/index'
import { withDatabaseName } from './helpers/databaseUrl'
import { startMigration } from './helpers/migrateDatabase'

describe('migrations started on three app servers at once', () => {
  const name = `events_cms_t_concurrent_${process.pid}`
  let admin: pg.Client
  let databaseUrl: string

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: inject('maintenanceUrl') })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    databaseUrl = withDatabaseName(inject('maintenanceUrl'), name)
  })

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })

  it('should apply every migration once, with the servers that waited saying so', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => startMigration(databaseUrl)))
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const { rows } = await client
      .query<{ count: string; name: string }>(
        'SELECT name, count(*) AS count FROM payload_migrations GROUP BY name ORDER BY name',
      )
      .finally(() => client.end())

    expect(runs.map(({ code }) => code)).toEqual([0, 0, 0])
    expect(rows.map(({ name }) => name)).toEqual(migrations.map(({ name }) => name).sort())
    expect(rows.every(({ count }) => count === '1')).toBe(true)
    expect(
      runs.filter(({ output }) => /running the migrations: waiting/.test(output)).length,
    ).toBeGreaterThanOrEqual(1)
  })
})
