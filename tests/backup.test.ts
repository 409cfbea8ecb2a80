/**
 * Backups of the embedded cluster and point-in-time restores, on a real persistent cluster with WAL
 * archiving (as `npm run dev`/`npm start` run it): a backup taken while bookings flow restores with
 * every acknowledged booking and a verified audit chain; a restore to a moment between two bookings
 * holds exactly the first; a damaged backup, a moment before the backup and a non-empty target are
 * refused; `npm run backup` against a server of one's own refuses with advice.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { type BackupResult, createBackup } from '../scripts/lib/backup/createBackup'
import { replaceLive } from '../scripts/lib/backup/replaceLive'
import { restoreBackup } from '../scripts/lib/backup/restoreBackup'
import {
  type RunningPostgres,
  startEmbeddedPostgres,
  walArchiveDirOf,
} from '../scripts/lib/embeddedPostgres'
import { archiveCurrentSegment } from '../scripts/lib/postgres/walArchive'
import { createEvent, json } from './helpers/fixtures'
import { migrateDatabase } from './helpers/migrateDatabase'
import { createTestApp, createUserAndLogin, type TestApp } from './helpers/testApp'
import { nodeArgs, tsxCli } from '../scripts/lib/nodeFlags'

const rootDir = path.resolve(import.meta.dirname, '..')
const DATABASE = 'payload_events_cms'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('backup and point-in-time restore', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-backup-'))
  fs.chmodSync(workDir, 0o755)
  const dataDir = path.join(workDir, 'pg')
  const backupsDir = path.join(workDir, 'backups')
  let server: RunningPostgres
  let app: TestApp
  let token: string
  let eventId: string
  let restores = 0

  beforeAll(async () => {
    server = await startEmbeddedPostgres({
      archive: { timeoutSeconds: 300 },
      database: DATABASE,
      dataDir,
      persistent: true,
      port: 0,
    })
    migrateDatabase(server.url)
    app = await createTestApp({ database: server.url })
    ;({ token } = await createUserAndLogin(app, { email: 'fan@example.com' }))
    eventId = String((await createEvent(app, { capacity: 500, price: 0 })).id)
  })

  afterAll(async () => {
    await app?.destroy()
    await server?.stop()
    fs.rmSync(workDir, { force: true, recursive: true })
  })

  const backup = () =>
    createBackup({
      archiveDir: walArchiveDirOf(server.dataDir),
      backupsDir,
      dataDir: server.dataDir,
      log: () => undefined,
      mediaDir: path.join(workDir, 'no-media'),
      secretFile: undefined,
      superuserUrl: server.url,
    })

  const book = async (): Promise<string | undefined> => {
    const response = await app.rest.post(
      `/${slugs.bookings}`,
      { event: eventId, seats: 1 },
      { token },
    )
    return response.status === 201
      ? (await json<{ doc: { id: string } }>(response)).doc.id
      : undefined
  }

  const restore = (taken: BackupResult, time?: string) =>
    restoreBackup({
      archiveDirs: [walArchiveDirOf(server.dataDir)],
      backupDir: taken.dir,
      database: DATABASE,
      inspect: async (client) =>
        (
          await client.query<{ id: string }>('SELECT id::text FROM bookings ORDER BY created_at')
        ).rows.map(({ id }) => id),
      into: path.join(workDir, `restore-${++restores}`),
      log: () => undefined,
      time,
    })

  it('should restore a backup taken while bookings flow with every acknowledged booking and the chain intact', async () => {
    const acknowledged: string[] = []
    let backingUp = true
    const bookings = (async () => {
      while (backingUp || acknowledged.length < 5) {
        const id = await book()
        if (id) acknowledged.push(id)
      }
    })()
    const taken = await backup()
    backingUp = false
    await bookings
    await archiveCurrentSegment(server.url)

    const restored = await restore(taken)

    expect(acknowledged.length).toBeGreaterThan(0)
    expect(restored.inspected).toEqual(acknowledged)
    expect(restored.audit).toMatchObject({ ok: true })
    expect(restored.audit.lastHash).toMatch(/^[0-9a-f]{64}$/)
    expect(restored.rows.bookings).toBe(acknowledged.length)
    expect(taken.manifest.files.every(({ sha256 }) => /^[0-9a-f]{64}$/.test(sha256))).toBe(true)
  })

  it('should restore to a moment between two bookings with exactly the first one', async () => {
    const taken = await backup()
    const first = await book()
    await sleep(1100)
    const between = new Date().toISOString()
    await sleep(1100)
    const second = await book()
    await archiveCurrentSegment(server.url)

    const restored = await restore(taken, between)

    expect(second).toBeDefined()
    expect(restored.inspected?.slice(-1)).toEqual([first])
    expect(restored.inspected).not.toContain(second)
    expect(restored.audit.ok).toBe(true)
    expect(Date.parse(restored.restoredTo ?? '')).toBeLessThanOrEqual(Date.parse(between))
  })

  it('should refuse a damaged backup, a moment before the backup and a target that is not empty', async () => {
    const taken = await backup()
    const copy = path.join(workDir, 'damaged')
    fs.cpSync(taken.dir, copy, { recursive: true })
    fs.appendFileSync(path.join(copy, 'base', 'PG_VERSION'), ' ')
    const busy = path.join(workDir, 'busy')
    fs.mkdirSync(busy)
    fs.writeFileSync(path.join(busy, 'something'), '')

    await expect(restore({ ...taken, dir: copy })).rejects.toThrow(/damaged: base\/PG_VERSION/)
    await expect(restore(taken, '2000-01-01T00:00:00Z')).rejects.toThrow(/restore an older backup/)
    await expect(
      restoreBackup({
        archiveDirs: [],
        backupDir: taken.dir,
        database: DATABASE,
        into: busy,
        log: () => undefined,
      }),
    ).rejects.toThrow(/is not empty/)
  })

  it('should put a restore live only while no app uses the cluster, moving the live data aside', async () => {
    const taken = await backup()
    const marker = await book()
    await archiveCurrentSegment(server.url)
    const restored = await restore(taken)
    const options = {
      dataDir: workDir,
      liveDataDir: dataDir,
      mediaDir: path.join(workDir, 'media'),
      restored: path.dirname(restored.dataDir),
    }

    await expect(replaceLive(options)).rejects.toThrow(/uses the live cluster: stop it/)
    await app.destroy()
    await server.stop()
    const aside = await replaceLive(options)
    server = await startEmbeddedPostgres({ database: DATABASE, dataDir, persistent: true, port: 0 })
    app = await createTestApp({ database: server.url })

    const { rows } = await app.sql.query<{ id: string }>('SELECT id::text FROM bookings')
    expect(rows.map(({ id }) => id)).toContain(marker)
    expect(fs.existsSync(path.join(aside, 'pg', 'PG_VERSION'))).toBe(true)
  })

  it('should make npm run backup refuse a server of your own with what to use instead', () => {
    const result = spawnSync(
      process.execPath,
      nodeArgs([tsxCli, path.join(rootDir, 'scripts/backup.ts')]),
      {
        cwd: rootDir,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'postgres://someone@db.example.com/app' },
        timeout: 60_000,
      },
    )

    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/pg_basebackup plus continuous WAL archiving/)
  })
})
