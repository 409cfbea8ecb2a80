import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'

import { type RunningPostgres, startEmbeddedPostgres } from '../scripts/lib/embeddedPostgres'
import { readPostmasterPid } from '../scripts/lib/postgres/processes'

const rootDir = path.resolve(import.meta.dirname, '..')

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

const answers = (url: string) =>
  query(url, 'SELECT 1 AS ok').then(
    () => true,
    () => false,
  )

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

const processState = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
}

/**
 * An owner in another process whose parent never reaps it: `sh` starts it in the background and
 * then becomes `sleep`, so after kill -9 the owner stays a zombie, as it does for a moment under
 * any process manager.
 */
const startZombieOwner = async (dataDir: string) => {
  const owner = path.join(rootDir, 'tests/helpers/clusterOwner.ts')
  // `node --import tsx`, not the tsx CLI: that would run the owner in a grandchild of its own.
  const shell = spawn(
    'sh',
    [
      '-c',
      `"${process.execPath}" --import tsx "${owner}" "${dataDir}" & echo "PID $!"; exec sleep 120`,
    ],
    { cwd: rootDir, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let output = ''
  shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  await waitFor(() => /READY \d+/.test(output), 60_000)
  const pid = Number(/PID (\d+)/.exec(output)?.[1])
  const port = Number(/READY (\d+)/.exec(output)?.[1])
  return { pid, port, reaper: shell }
}

describe('embedded PostgreSQL', () => {
  const started: RunningPostgres[] = []
  const dataDir = path.join(os.tmpdir(), `events-cms-embedded-${process.pid}`)
  const notices: string[] = []
  const start = async (options: { port?: number } = {}) => {
    const server = await startEmbeddedPostgres({
      database: 'app',
      dataDir,
      notice: (line) => notices.push(line),
      persistent: true,
      port: options.port ?? 0,
    })
    started.push(server)
    return server
  }

  afterEach(async () => {
    for (const server of started.splice(0).reverse()) await server.stop()
    const left = readPostmasterPid(dataDir)
    if (left) {
      try {
        process.kill(left.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    fs.rmSync(dataDir, { force: true, recursive: true })
    notices.length = 0
  })

  it('should keep data across restarts of a persistent cluster', async () => {
    const first = await start()
    await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)')
    await first.stop()

    const second = await start()

    expect(await query(second.url, 'SELECT id FROM kept')).toEqual([{ id: 42 }])
  })

  it('should take over the server of an owner killed with kill -9 while it is still a zombie', async () => {
    const zombie = await startZombieOwner(dataDir)
    const before = readPostmasterPid(dataDir)
    process.kill(zombie.pid, 'SIGKILL')
    await waitFor(() => processState(zombie.pid) === 'Z', 5000)

    const next = await start()

    expect(processState(zombie.pid)).toBe('Z')
    expect(next.role()).toBe('owner')
    expect([next.port, readPostmasterPid(dataDir)?.pid]).toEqual([zombie.port, before?.pid])
    expect(await answers(next.url)).toBe(true)
    zombie.reaper.kill('SIGKILL')
  })

  it('should never let a helper stop the server that a live owner runs', async () => {
    const app = await start()
    const helper = await start()

    await helper.stop()

    expect([helper.role(), app.role()]).toEqual(['guest', 'owner'])
    expect(helper.port).toBe(app.port)
    expect(await answers(app.url)).toBe(true)
  })

  it('should leave the server to a guest when the owner stops, and the guest takes over', async () => {
    const first = await start()
    const second = await start()

    await first.stop()
    const tookOver = await waitFor(() => second.role() === 'owner', 10_000)

    expect(tookOver).toBe(true)
    expect(await answers(second.url)).toBe(true)
    expect(notices.join('\n')).toMatch(/Leaving PostgreSQL running for 1 other process/)
  })

  it('should restart PostgreSQL killed with kill -9 and keep its data', async () => {
    const owner = await start()
    await query(owner.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)')
    const killed = readPostmasterPid(dataDir)?.pid ?? 0

    process.kill(killed, 'SIGKILL')
    const back = await waitFor(
      async () => readPostmasterPid(dataDir)?.pid !== killed && (await answers(owner.url)),
      30_000,
    )

    expect(back).toBe(true)
    expect(await query(owner.url, 'SELECT id FROM kept')).toEqual([{ id: 7 }])
    expect(notices.join('\n')).toMatch(
      new RegExp(`\\(pid ${killed}\\) stopped unexpectedly \\(signal SIGKILL\\)`),
    )
    expect(notices.join('\n')).toMatch(/PostgreSQL is back on port \d+/)
  })

  it('should recover from a stale postmaster.pid whose process is gone', async () => {
    const first = await start()
    await first.stop()
    fs.writeFileSync(path.join(first.dataDir, 'postmaster.pid'), '999999\n')

    const next = await start()

    expect(await answers(next.url)).toBe(true)
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

      expect(await answers(server.url)).toBe(true)
      expect(fs.statSync(os.tmpdir()).mode & 0o7777).toBe(tmpMode)
    } finally {
      for (const server of started.splice(0)) await server.stop()
      fs.rmSync(locked, { force: true, recursive: true })
    }
  })
})
