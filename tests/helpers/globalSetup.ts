/**
 * Starts one throwaway PostgreSQL for the whole run (or uses DATABASE_URL), migrates a template
 * database once, and hands its address to the test files, which clone it per file.
 */
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import type { TestProject } from 'vitest/node'

import { startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'
import { TEMPLATE_DATABASE, withDatabaseName } from './databaseUrl'
import { migrateDatabase } from './migrateDatabase'

declare module 'vitest' {
  export interface ProvidedContext {
    maintenanceUrl: string
  }
}

/** A CLI that exits 0 without migrating must fail the run here, not as 90 confusing test failures. */
const assertTemplateMigrated = async (maintenanceUrl: string) => {
  const { migrations } = await import('../../migrations/index')
  const client = new pg.Client({
    connectionString: withDatabaseName(maintenanceUrl, TEMPLATE_DATABASE),
  })
  await client.connect()
  try {
    const { rows } = await client
      .query<{ count: string }>('SELECT count(*) FROM payload_migrations')
      .catch(() => ({ rows: [{ count: '0' }] }))
    if (Number(rows[0]?.count) !== migrations.length) {
      throw new Error(
        `The template database has ${rows[0]?.count} of ${migrations.length} migrations applied`,
      )
    }
  } finally {
    await client.end()
  }
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
    // A Node 20 process that loads TypeScript through tsx now and then dies before its first line
    // runs (exit 13, nothing printed): a fresh template and another try, at most three.
    for (let attempt = 1; ; attempt++) {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`)
      try {
        migrateDatabase(withDatabaseName(maintenanceUrl, TEMPLATE_DATABASE))
        break
      } catch (error) {
        if (attempt === 3) throw error
        console.warn(`${(error as Error).message.split('\n')[0]}; trying again`)
      }
    }
    await assertTemplateMigrated(maintenanceUrl)
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
