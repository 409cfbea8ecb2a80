/**
 * `npm run restore -- ... --replace`: puts a verified restore in place of the live cluster, media
 * and secret, which move aside (nothing is deleted). Only while no app uses the cluster: the
 * cluster lock decides, as it does for every other process.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { acquireCluster } from '../postgres/clusterLock'
import {
  isLiveServer,
  postgresHost,
  reachableDataDir,
  readPostmasterPid,
  stopServerPid,
} from '../postgres/processes'
import { walArchiveDirOf } from '../postgres/walArchive'

/** A rename, or a copy when the two places are on different file systems. */
const move = (from: string, to: string): void => {
  if (!fs.existsSync(from)) return
  try {
    fs.renameSync(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    fs.cpSync(from, to, { preserveTimestamps: true, recursive: true, verbatimSymlinks: true })
    fs.rmSync(from, { force: true, recursive: true })
  }
}

export const replaceLive = async (options: {
  /** The app's `.data` directory. */
  dataDir: string
  liveDataDir: string
  mediaDir: string
  /** The restore's directory (pg/, media/, payload-secret). */
  restored: string
}): Promise<string> => {
  const host = postgresHost()
  const live = reachableDataDir(options.liveDataDir, host.user, true)
  const lock = await acquireCluster(live)
  if (lock.role === 'guest') {
    lock.release()
    throw new Error(
      `the app (pid ${lock.owner.pid}) uses the live cluster: stop it, then run this again`,
    )
  }
  try {
    const orphan = readPostmasterPid(live)
    if (orphan && isLiveServer(orphan.pid, live)) await stopServerPid(orphan.pid, live)
    const aside = path.join(
      options.dataDir,
      `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    )
    fs.mkdirSync(aside, { recursive: true })
    move(live, path.join(aside, 'pg'))
    move(options.mediaDir, path.join(aside, 'media'))
    move(path.join(options.dataDir, 'payload-secret'), path.join(aside, 'payload-secret'))
    move(path.join(options.restored, 'pg'), live)
    move(path.join(options.restored, 'media'), options.mediaDir)
    move(
      path.join(options.restored, 'payload-secret'),
      path.join(options.dataDir, 'payload-secret'),
    )
    // The restore began a new timeline while archiving was off: archive its history file now, so
    // that later restores find their way along the timelines.
    const archive = walArchiveDirOf(live)
    fs.mkdirSync(archive, { recursive: true })
    for (const file of fs.readdirSync(path.join(live, 'pg_wal'))) {
      const target = path.join(archive, `${file}.gz`)
      if (!file.endsWith('.history') || fs.existsSync(target)) continue
      fs.writeFileSync(target, execFileSync('gzip', ['-c', path.join(live, 'pg_wal', file)]))
      if (host.user) fs.chownSync(target, host.user.uid, host.user.gid)
    }
    return aside
  } finally {
    await lock.release()
  }
}
