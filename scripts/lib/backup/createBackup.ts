/**
 * A consistent hot physical backup of the embedded cluster, taken while the app serves traffic:
 * PostgreSQL's own non-exclusive backup (`pg_backup_start` / copy the data directory /
 * `pg_backup_stop`, which waits until the WAL the copy needs is archived), those WAL segments, the
 * media files and the generated secret, in one timestamped directory with a manifest of sizes and
 * SHA-256 checksums. Restoring it replays the WAL; with the continuous archive it can reach any
 * later moment (restoreBackup.ts).
 */
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { copyDataDir } from '../postgres/copyDataDir'
import { segmentOf } from '../postgres/walArchive'
import { copyTree, type FileEntry, listFiles } from './files'

export const MANIFEST = 'manifest.json'

export type BackupManifest = {
  /** The moment the backup is consistent as of (no earlier restore target is possible). */
  consistentAt: string
  createdAt: string
  files: FileEntry[]
  format: 1
  postgres: {
    startLsn: string
    startWal: string
    stopLsn: string
    stopWal: string
    systemIdentifier: string
    timeline: number
    version: string
  }
  /** Where PAYLOAD_SECRET came from: the generated file is in the backup, an env value is not. */
  secret: 'environment' | 'file' | 'none'
  totals: { bytes: number; files: number }
}

export type BackupOptions = {
  /** Where the cluster's WAL archive is (walArchiveDirOf). */
  archiveDir: string
  /** Directory that holds the timestamped backups. */
  backupsDir: string
  /** The cluster's data directory (as the server runs it). */
  dataDir: string
  log: (line: string) => void
  /** The media files' directory (copied as they are). */
  mediaDir: string
  /** The generated PAYLOAD_SECRET file, when the app uses one (not a value from the environment). */
  secretFile: string | undefined
  /** A superuser connection string of the running server. */
  superuserUrl: string
}

export type BackupResult = { dir: string; durationMs: number; manifest: BackupManifest }

const stamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-')

/** The archived segments from `startWal` to `stopWal` (same timeline) and every history file. */
const walForBackup = (archiveDir: string, startWal: string, stopWal: string): string[] =>
  fs.readdirSync(archiveDir).filter((file) => {
    if (/^[0-9A-F]{8}\.history(\.gz)?$/.test(file)) return true
    const segment = segmentOf(file)
    if (!segment || file.endsWith('.tmp')) return false
    return (
      segment.slice(0, 8) === startWal.slice(0, 8) &&
      segment.slice(8) >= startWal.slice(8) &&
      segment.slice(8) <= stopWal.slice(8)
    )
  })

type StartRow = { lsn: string; system_identifier: string; version: string; wal: string }
type StopRow = {
  consistent_at: Date
  labelfile: string
  lsn: string
  spcmapfile: string
  wal: string
}

export const createBackup = async (options: BackupOptions): Promise<BackupResult> => {
  const { archiveDir, backupsDir, dataDir, log } = options
  const began = Date.now()
  const client = new pg.Client({ connectionString: options.superuserUrl })
  await client.connect()
  const dir = path.join(backupsDir, `backup-${stamp(new Date())}`)
  const partial = `${dir}.partial`
  try {
    const { rows: settings } = await client.query<{ archive_mode: string }>(
      `SELECT current_setting('archive_mode') AS archive_mode`,
    )
    if (settings[0]?.archive_mode !== 'on') {
      throw new Error(
        'WAL archiving is off on the running PostgreSQL, so a backup could not include the WAL it ' +
          'needs. Restart the app (npm run dev / npm start) without WAL_ARCHIVE=off, then back up.',
      )
    }
    fs.mkdirSync(partial, { recursive: true, mode: 0o700 })
    const { rows: started } = await client.query<StartRow>(
      `SELECT lsn::text, pg_walfile_name(lsn) AS wal, current_setting('server_version') AS version,
         (SELECT system_identifier::text FROM pg_control_system()) AS system_identifier
       FROM pg_backup_start($1, true) AS lsn`,
      [path.basename(dir)],
    )
    const start = started[0] as StartRow
    log(`backup: started at WAL ${start.lsn}; copying the data directory`)
    copyDataDir(dataDir, path.join(partial, 'base'))

    // Waits until every WAL segment the copy needs is in the archive.
    const { rows: stopped } = await client.query<StopRow>(
      `SELECT lsn::text, labelfile, spcmapfile, pg_walfile_name(lsn) AS wal,
         clock_timestamp() AS consistent_at FROM pg_backup_stop(true)`,
    )
    const stop = stopped[0] as StopRow
    fs.writeFileSync(path.join(partial, 'base', 'backup_label'), stop.labelfile)
    if (stop.spcmapfile)
      fs.writeFileSync(path.join(partial, 'base', 'tablespace_map'), stop.spcmapfile)

    const wal = walForBackup(archiveDir, start.wal, stop.wal)
    fs.mkdirSync(path.join(partial, 'wal'))
    for (const file of wal)
      fs.copyFileSync(path.join(archiveDir, file), path.join(partial, 'wal', file))
    if (!wal.some((file) => segmentOf(file) === stop.wal)) {
      throw new Error(`The WAL archive lacks ${stop.wal}, which this backup needs`)
    }

    if (fs.existsSync(options.mediaDir))
      copyTree(options.mediaDir, path.join(partial, 'media'), () => false)
    const secret = !options.secretFile
      ? 'environment'
      : fs.existsSync(options.secretFile)
        ? 'file'
        : 'none'
    if (secret === 'file' && options.secretFile) {
      fs.copyFileSync(options.secretFile, path.join(partial, 'payload-secret'))
      fs.chmodSync(path.join(partial, 'payload-secret'), 0o600)
    }

    const files = await listFiles(partial)
    const manifest: BackupManifest = {
      consistentAt: new Date(stop.consistent_at).toISOString(),
      createdAt: new Date(began).toISOString(),
      files,
      format: 1,
      postgres: {
        startLsn: start.lsn,
        startWal: start.wal,
        stopLsn: stop.lsn,
        stopWal: stop.wal,
        systemIdentifier: start.system_identifier,
        timeline: Number.parseInt(start.wal.slice(0, 8), 16),
        version: start.version,
      },
      secret,
      totals: {
        bytes: files.reduce((sum, { bytes }) => sum + bytes, 0),
        files: files.length,
      },
    }
    fs.writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    fs.renameSync(partial, dir)
    return { dir, durationMs: Date.now() - began, manifest }
  } catch (error) {
    await client.query('SELECT pg_backup_stop(false)').catch(() => undefined)
    fs.rmSync(partial, { force: true, recursive: true })
    throw error
  } finally {
    await client.end()
  }
}

/** The complete backups in `backupsDir`, oldest first, with their manifests. */
export const listBackups = (backupsDir: string): { dir: string; manifest: BackupManifest }[] => {
  if (!fs.existsSync(backupsDir)) return []
  return fs
    .readdirSync(backupsDir)
    .filter((name) => name.startsWith('backup-') && !name.endsWith('.partial'))
    .sort()
    .flatMap((name) => {
      const file = path.join(backupsDir, name, MANIFEST)
      if (!fs.existsSync(file)) return []
      return [
        {
          dir: path.join(backupsDir, name),
          manifest: JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest,
        },
      ]
    })
}
