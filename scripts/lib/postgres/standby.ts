/**
 * A streaming standby (read replica) of a running server, from the same binaries: a replication
 * slot so the primary keeps the WAL the standby still needs, a base backup through
 * `pg_backup_start()` / `pg_backup_stop()`, then `standby.signal` and `primary_conninfo`: the
 * standby replays the primary's WAL as it is written and serves read-only queries.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { chownTree } from '../backup/files'
import { copyDataDir } from './copyDataDir'
import {
  freePort,
  launchServer,
  ownDirectory,
  PASSWORD,
  postgresHost,
  serverUrl,
  STOP_TIMEOUT_MS,
  SUPERUSER,
} from './processes'

export type Standby = {
  /** Stops and resumes replaying WAL (a lagging replica, on purpose). */
  pauseReplay: () => Promise<void>
  port: number
  resumeReplay: () => Promise<void>
  stop: () => Promise<void>
  url: (database: string) => string
}

export const startStandby = async ({
  dataDir,
  log = () => undefined,
  primaryUrl,
}: {
  /** A new directory for the standby's cluster. */
  dataDir: string
  log?: (line: string) => void
  /** A superuser connection to the primary. */
  primaryUrl: string
}): Promise<Standby> => {
  const host = postgresHost()
  const primary = new pg.Client({ connectionString: primaryUrl })
  await primary.connect()
  const slot = `standby_${randomBytes(4).toString('hex')}`
  const { hostname, port: primaryPort } = new URL(primaryUrl)
  try {
    await primary.query('SELECT pg_create_physical_replication_slot($1, true)', [slot])
    const { rows } = await primary.query<{ dir: string }>('SELECT current_setting($1) AS dir', [
      'data_directory',
    ])
    await primary.query('SELECT pg_backup_start($1, true)', [slot])
    ownDirectory(dataDir, host.user)
    copyDataDir(String(rows[0]?.dir), dataDir)
    const { rows: stopped } = await primary.query<{ labelfile: string }>(
      'SELECT labelfile FROM pg_backup_stop(false)',
    )
    fs.writeFileSync(path.join(dataDir, 'backup_label'), stopped[0]?.labelfile ?? '')
    fs.writeFileSync(path.join(dataDir, 'standby.signal'), '')
    chownTree(dataDir, host.user)
  } catch (error) {
    await primary.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined)
    await primary.end()
    throw error
  }

  const port = await freePort()
  const conninfo = `host=${hostname} port=${primaryPort} user=${SUPERUSER} password=${PASSWORD} application_name=${slot}`
  const child = await launchServer(
    host,
    dataDir,
    port,
    {
      archive_mode: 'off',
      hot_standby: 'on',
      primary_conninfo: conninfo,
      primary_slot_name: slot,
    },
    log,
    'database system is ready to accept read-only connections',
  )
  const superuser = () => {
    const client = new pg.Client({ connectionString: serverUrl(port, 'postgres') })
    return client.connect().then(() => client)
  }
  const onStandby = async (statement: string) => {
    const client = await superuser()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  let stopping: Promise<void> | undefined
  return {
    pauseReplay: () => onStandby('SELECT pg_wal_replay_pause()'),
    port,
    resumeReplay: () => onStandby('SELECT pg_wal_replay_resume()'),
    stop: () => (stopping ??= stop()),
    url: (database) => serverUrl(port, database),
  }
  async function stop(): Promise<void> {
    {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGINT')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
        await exited
        clearTimeout(timer)
      }
      await primary.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined)
      await primary.end()
      fs.rmSync(dataDir, { force: true, recursive: true })
    }
  }
}
