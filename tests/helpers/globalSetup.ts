/**
 * Starts one throwaway PostgreSQL for the whole run (or uses DATABASE_URL), migrates a template
 * database once, and hands its address to the test files, which clone it per file.
 */
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import type { TestProject } from 'vitest/node'

import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres'
import { closePayload } from './closePayload'
import { TEMPLATE_DATABASE, withDatabaseName } from './databaseUrl'

declare module 'vitest' {
  export interface ProvidedContext {
    maintenanceUrl: string
  }
}

const migrateTemplate = async (maintenanceUrl: string) => {
  const databaseUrl = withDatabaseName(maintenanceUrl, TEMPLATE_DATABASE)
  const { getPayload } = await import('payload')
  const { buildAppConfig } = await import('../../src/appConfig')
  const { appMigrations } = await import('./migrations')
  const payload = await getPayload({ config: buildAppConfig({ databaseUrl }), key: 'template' })
  await payload.db.migrate({ migrations: appMigrations })
  await closePayload(payload)
}

export default async function setup(project: TestProject) {
  // `test.env` reaches the test files, not this setup.
  process.env.PAYLOAD_SECRET ??= 'test-secret-not-for-production'
  const external = process.env.DATABASE_URL
  const server = external
    ? undefined
    : await startEmbeddedPostgres({
        database: 'postgres',
        dataDir: path.join(os.tmpdir(), `events-cms-test-${process.pid}`),
        persistent: false,
        port: 0,
      })
  const maintenanceUrl = withDatabaseName(external ?? server?.url ?? '', 'postgres')

  const admin = new pg.Client({ connectionString: maintenanceUrl })
  try {
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`)
    await migrateTemplate(maintenanceUrl)
    // CREATE DATABASE ... TEMPLATE needs the template free of sessions; the migrator's pool lingers.
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
      [TEMPLATE_DATABASE],
    )
  } catch (error) {
    await admin.end().catch(() => undefined)
    await server?.stop()
    throw error
  }

  project.provide('maintenanceUrl', maintenanceUrl)

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'events_cms_t%'`,
    )
    for (const { datname } of leftovers.rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(datname)} WITH (FORCE)`)
    }
    await admin.end()
    await server?.stop()
  }
}
