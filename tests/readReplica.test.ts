/**
 * A read replica: a real streaming standby of the suite's own primary (a base backup, a
 * replication slot, `standby.signal`), given to the app as db-postgres `readReplicas`. With the
 * standby's replay paused (a replica lagging on purpose): anonymous reads come from it, signed-in
 * reads and every write (bookings included) go to the primary, a customer reads their booking at
 * once, and the public cache fills from the primary.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { type RunningPostgres, startEmbeddedPostgres } from '../scripts/lib/embeddedPostgres'
import { type Standby, startStandby } from '../scripts/lib/postgres/standby'
import { type Actor, createActors, createEvent, json, richText } from './helpers/fixtures'
import { migrateDatabase } from './helpers/migrateDatabase'
import { createTestApp, type TestApp } from './helpers/testApp'

const DATABASE = 'payload_events_cms'

describe('read replica', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-replica-'))
  fs.chmodSync(workDir, 0o755)
  let primary: RunningPostgres
  let standby: Standby
  let app: TestApp
  let admin: Actor
  let user: Actor
  let standbyRunning = true

  beforeAll(async () => {
    primary = await startEmbeddedPostgres({
      database: DATABASE,
      dataDir: path.join(workDir, 'primary'),
      persistent: true,
      port: 0,
    })
    migrateDatabase(primary.url)
    standby = await startStandby({
      dataDir: path.join(workDir, 'standby'),
      primaryUrl: primary.url,
    })
    app = await createTestApp({
      database: primary.url,
      // No job runner: a job's write sends this process's reads to the primary for 2 s (Payload's
      // window), whenever the minute's cron fires, and a test of where reads go would follow it.
      plugin: { jobsAutoRun: false },
      readReplicas: [standby.url(DATABASE)],
    })
    ;({ admin, user } = await createActors(app))
  })

  afterEach(async () => {
    if (standbyRunning) await standby.resumeReplay()
  })

  afterAll(async () => {
    await app?.destroy()
    await standby?.stop()
    await primary?.stop()
    fs.rmSync(workDir, { force: true, recursive: true })
  })

  /** Lets the standby catch up, then freezes it: whatever is written next is not on it. */
  const freezeReplica = async () => {
    const { rows } = await app.sql.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    )
    const caughtUp = async () => {
      const client = new (await import('pg')).default.Client({
        connectionString: standby.url(DATABASE),
      })
      await client.connect()
      const { rows: replayed } = await client.query<{ behind: boolean }>(
        'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind',
        [rows[0]?.lsn],
      )
      await client.end()
      return replayed[0]?.behind === false
    }
    for (let i = 0; i < 100 && !(await caughtUp()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await standby.pauseReplay()
  }

  /** Past the 2 s in which Payload itself reads from the primary after this process wrote. */
  const outlastPayloadsWindow = () => new Promise((resolve) => setTimeout(resolve, 2100))

  const venueNames = async (token?: string) =>
    (
      await json<{ docs: { name: string }[] }>(
        await app.rest.get(`/${slugs.venues}?limit=100`, token ? { token } : {}),
      )
    ).docs.map(({ name }) => name)

  it('should answer anonymous reads from the replica and signed-in reads from the primary', async () => {
    await freezeReplica()
    // Not through Payload: it would send this process's reads to the primary for 2 s.
    await app.sql.query(
      `INSERT INTO venues (name, slug, capacity, address_city, updated_at, created_at)
       VALUES ('Only On The Primary', 'only-on-the-primary', 100, 'Bonn', now(), now())`,
    )
    await outlastPayloadsWindow()

    expect(await venueNames()).not.toContain('Only On The Primary')
    expect(await venueNames(admin.token)).toContain('Only On The Primary')
  })

  it('should book on the primary and show the customer the booking at once', async () => {
    const event = await createEvent(app, { capacity: 5, price: 0 })
    await freezeReplica()

    const booked = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, seats: 2 },
      { token: user.token },
    )
    const { doc } = await json<{ doc: { id: string } }>(booked)
    // As another app server would read it: one that has not written anything itself.
    await outlastPayloadsWindow()
    const mine = await app.rest.get(`/${slugs.bookings}/${doc.id}`, { token: user.token })

    expect([booked.status, mine.status]).toEqual([201, 200])
  })

  it('should fill the public cache from the primary, never from a lagging replica', async () => {
    await freezeReplica()
    await app.payload.create({
      collection: slugs.pages,
      data: {
        _status: 'published',
        layout: [{ alignment: 'left', blockType: 'richText', content: richText('Fresh') }],
        slug: 'fresh',
        title: 'Fresh page',
      },
    })
    await outlastPayloadsWindow()

    const page = await app.rest.get(`/${slugs.pages}/published/fresh`)

    expect(page.status).toBe(200)
  })

  it('should keep the app up when the replica goes away: 503 for anonymous reads, the rest as before', async () => {
    const uncaught: unknown[] = []
    const collect = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', collect)
    try {
      await app.rest.get(`/${slugs.venues}`) // pooled connections to the replica
      await standby.stop()
      standbyRunning = false

      const anonymous = await app.rest.get(`/${slugs.venues}`)
      const signedIn = await app.rest.get(`/${slugs.venues}`, { token: admin.token })
      await new Promise((resolve) => setTimeout(resolve, 200))

      expect([anonymous.status, signedIn.status]).toEqual([503, 200])
      expect(anonymous.headers.get('Retry-After')).toMatch(/^\d+$/)
      expect(uncaught).toEqual([])
    } finally {
      process.off('uncaughtException', collect)
    }
  })
})
