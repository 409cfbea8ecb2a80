import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'

import { type RunningPostgres, startEmbeddedPostgres } from '../scripts/lib/embeddedPostgres'

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe('embedded PostgreSQL', () => {
  const started: RunningPostgres[] = []
  const dataDir = path.join(os.tmpdir(), `events-cms-embedded-${process.pid}`)
  const start = async () => {
    const server = await startEmbeddedPostgres({
      database: 'app',
      dataDir,
      persistent: true,
      port: 0,
    })
    started.push(server)
    return server
  }

  afterEach(async () => {
    for (const server of started.splice(0).reverse()) await server.stop()
    fs.rmSync(dataDir, { force: true, recursive: true })
    fs.rmSync(`${dataDir}.owner.json`, { force: true })
  })

  it('should keep data across restarts of a persistent cluster', async () => {
    const first = await start()
    await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)')
    await first.stop()

    const second = await start()

    expect(await query(second.url, 'SELECT id FROM kept')).toEqual([{ id: 42 }])
  })

  it('should stop an orphaned server left by a killed run and start again', async () => {
    const orphan = await start()
    const pidFile = path.join(orphan.dataDir, 'postmaster.pid')
    const orphanPid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])

    const next = await start()

    expect(() => process.kill(orphanPid, 0)).toThrow()
    expect(await query(next.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }])
  })

  it('should share a cluster that another live process runs instead of stopping it', async () => {
    const running = await start()
    // Pretend another live process (pid 1 always exists) started it, as `npm run dev` would have.
    fs.writeFileSync(`${dataDir}.owner.json`, JSON.stringify({ pid: 1, port: running.port }))

    const second = await start()
    await second.stop()

    expect(second.port).toBe(running.port)
    expect(await query(running.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }])
  })

  it('should recover from a stale postmaster.pid whose process is gone', async () => {
    const first = await start()
    await first.stop()
    fs.writeFileSync(path.join(first.dataDir, 'postmaster.pid'), '999999\n')

    const next = await start()

    expect(await query(next.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }])
  })

  it('should say which port is taken instead of failing obscurely', async () => {
    const first = await start()

    await expect(
      startEmbeddedPostgres({
        database: 'app',
        dataDir: `${dataDir}-other`,
        persistent: false,
        port: first.port,
      }),
    ).rejects.toThrow(`Port ${first.port} on 127.0.0.1 is taken`)
  })

  it('should put an unreachable throwaway cluster in the temp directory without changing its mode', async () => {
    // As root, a data dir under a 0700 directory is out of the postgres user's reach: the cluster
    // moves to the temp directory, whose sticky world-writable mode other programs rely on.
    const tmpMode = fs.statSync(os.tmpdir()).mode & 0o7777
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-locked-'))
    fs.chmodSync(locked, 0o700)
    try {
      const server = await startEmbeddedPostgres({
        database: 'app',
        dataDir: path.join(locked, 'data'),
        persistent: false,
        port: 0,
      })
      started.push(server)

      expect(await query(server.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }])
      expect(fs.statSync(os.tmpdir()).mode & 0o7777).toBe(tmpMode)
    } finally {
      for (const server of started.splice(0)) await server.stop()
      fs.rmSync(locked, { force: true, recursive: true })
    }
  })
})
