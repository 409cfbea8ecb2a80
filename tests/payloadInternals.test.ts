/**
 * Every Payload shape the package relies on without Payload documenting it as public
 * (src/utilities/payloadInternals.ts), checked on a running app: an upgrade that changes one fails
 * here, naming it, instead of somewhere in production.
 */
import fs from 'node:fs'
import path from 'node:path'

import { createLocalReq, initTransaction, commitTransaction, type PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { afterCommit, poolsOf } from 'payload-events-cms/platform'
import {
  adapterTableName,
  collectionEndpoint,
  IN_FRONT_OF_PAYLOAD,
  internalSlugs,
  JWT_STRATEGY,
  MIGRATING_METHODS,
  PAYLOAD_VERSION_CHECKED,
  payloadsHandler,
  poolOptionsOf,
  postgresAdapterOf,
  replicatedDrizzleOf,
  transactionSessionOf,
  UPDATE_JOBS_METHOD,
} from '../src/utilities/payloadInternals'
import { useTestApp } from './helpers/testApp'

const versionOf = (name: string) =>
  (
    JSON.parse(
      fs.readFileSync(
        path.resolve(import.meta.dirname, '..', 'node_modules', name, 'package.json'),
        'utf8',
      ),
    ) as { version: string }
  ).version

describe('Payload internals', () => {
  const app = useTestApp()

  it('should run on the Payload version the internals were checked against', () => {
    expect(
      versionOf('payload'),
      `Payload was upgraded: check every shape in src/utilities/payloadInternals.ts (this file's tests), then set PAYLOAD_VERSION_CHECKED`,
    ).toBe(PAYLOAD_VERSION_CHECKED)
    expect(versionOf('@payloadcms/db-postgres')).toBe(PAYLOAD_VERSION_CHECKED)
  })

  it('should find the open transaction as a session with its drizzle handle and commit', async () => {
    const req = (await createLocalReq({}, app.payload)) as PayloadRequest
    expect(await transactionSessionOf(req)).toBeUndefined()
    await initTransaction(req)
    const session = await transactionSessionOf(req)
    expect(typeof session?.db?.execute, 'db-postgres sessions[id].db').toBe('function')
    expect(typeof session?.resolve, 'db-postgres sessions[id].resolve (the commit)').toBe(
      'function',
    )
    let ran = false
    await afterCommit(req, () => {
      ran = true
    })
    expect(ran).toBe(false)
    await commitTransaction(req)
    expect(ran).toBe(true)
  })

  it('should find the drizzle handle, the pools and the pool options', () => {
    const drizzle = replicatedDrizzleOf(app.payload) as { select?: unknown } | undefined
    expect(typeof drizzle?.select, 'adapter.drizzle').toBe('function')
    expect(poolsOf(app.payload).map(({ name }) => name)).toContain('PostgreSQL')
    const options = poolOptionsOf(postgresAdapterOf(app.payload))
    expect(options.connectionString, 'adapter.poolOptions').toEqual(expect.any(String))
    expect(options.statement_timeout, 'the platform filled adapter.poolOptions').toEqual(
      expect.any(Number),
    )
  })

  it('should find each migration command and the job update on the adapter', () => {
    const adapter = postgresAdapterOf(app.payload) as unknown as Record<string, unknown>
    for (const method of [...MIGRATING_METHODS, UPDATE_JOBS_METHOD]) {
      expect(typeof adapter[method], method).toBe('function')
    }
  })

  it("should find Payload's JWT strategy by its name, and the platform's after it", () => {
    const names = app.payload.authStrategies.map(({ name }) => name)
    expect(names).toContain(JWT_STRATEGY)
    // appendAuthStrategy: the outage check runs after Payload's own strategies.
    expect(names.at(-1)).toBe('events-cms-outage-check')
  })

  it("should find Payload's internal collections and the preferences delete endpoint", () => {
    for (const slug of [
      internalSlugs.jobs,
      internalSlugs.lockedDocuments,
      internalSlugs.migrations,
      internalSlugs.preferences,
    ]) {
      expect(Object.keys(app.payload.collections), slug).toContain(slug)
    }
    expect(app.payload.config.globals.map(({ slug }) => slug)).toContain(internalSlugs.jobsStats)
    const remove = collectionEndpoint(app.payload, internalSlugs.preferences, 'delete', '/:key')
    expect(remove?.handler.name, 'payload-preferences DELETE /:key').toBe('deletePreference')
    // The first endpoint of a method and path is the one Payload routes to: the booking fast
    // path's list stands in front of Payload's.
    const list = collectionEndpoint(app.payload, slugs.bookings, 'get', '/')
    expect(list?.custom?.[IN_FRONT_OF_PAYLOAD]).toBe(true)
  })

  it("should find Payload's own handler behind an endpoint in front of it", async () => {
    const own = app.payload.collections[slugs.events]?.config.endpoints || []
    expect(own.some((endpoint) => endpoint.custom?.[IN_FRONT_OF_PAYLOAD])).toBe(true)
    const req = (await createLocalReq({}, app.payload)) as PayloadRequest
    for (const path of ['/', '/:id']) {
      const handler = payloadsHandler(req, slugs.events, 'get', path)
      const endpoint = own.find((candidate) => candidate.handler === handler)
      expect(endpoint, `Payload's GET ${path} of a collection`).toBeDefined()
      expect(endpoint?.custom?.[IN_FRONT_OF_PAYLOAD]).toBeFalsy()
      expect(endpoint?.path).toBe(path)
    }
  })

  it('should read table names from the adapter', () => {
    expect(adapterTableName(app.payload, 'form_submissions'), 'adapter.tableNameMap').toBe(
      'form_submissions',
    )
  })
})
