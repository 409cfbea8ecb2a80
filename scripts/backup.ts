/**
 * `npm run backup`: a consistent hot physical backup of the embedded PostgreSQL (safe while the app
 * serves traffic) with its WAL, the media files and the generated secret, into
 * BACKUP_DIR/backup-<time>/ (default .data/backups) with a manifest of checksums. Then keeps the
 * newest BACKUP_KEEP backups (default 7) and the archived WAL they need (and at least
 * WAL_ARCHIVE_KEEP_DAYS, default 7). With DATABASE_URL (a server of your own) it refuses: use that
 * server's tooling, see docs/operating.md.
 */
import path from 'node:path'

import pg from 'pg'

import { LAST_BACKUP_KEY } from 'payload-events-cms/platform'

import { walArchiveDirOf } from './lib/embeddedPostgres'
import { createBackup } from './lib/backup/createBackup'
import { applyRetention } from './lib/backup/retention'
import { commandLine, exitWith } from './lib/cli'
import { backupsDir, dataDir, existingDatabase, loadEnv, rootDir } from './lib/runtime'

/** What GET /api/health reports as the last backup (Payload's key-value table). */
const recordLastBackup = async (
  databaseUrl: string,
  record: { at: string; bytes: number; dir: string; durationMs: number },
): Promise<void> => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(
      `INSERT INTO payload_kv (key, data) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data`,
      [LAST_BACKUP_KEY, record],
    )
  } finally {
    await client.end()
  }
}

commandLine(`
Usage: npm run backup

A consistent hot backup of the embedded PostgreSQL (safe while the app serves), its WAL, the media
files and the generated secret, into BACKUP_DIR/backup-<time>/ (default .data/backups); then keeps
the newest BACKUP_KEEP (7) backups and the WAL they need. Not for DATABASE_URL: use that server's
own tooling.
`)
loadEnv()
if (process.env.DATABASE_URL) {
  console.error(
    [
      'backup: DATABASE_URL points at a PostgreSQL server of your own, which this command does not back up',
      "(a copy of files it cannot see would not be a backup). Use that server's own tooling instead:",
      '  - a managed service (RDS, Cloud SQL, Azure, Neon, Supabase...): turn on its automated backups',
      '    and point-in-time recovery;',
      '  - your own server: pg_basebackup plus continuous WAL archiving (or pgBackRest / Barman),',
      '    with pg_dump of the same major version for logical copies;',
      '  - and copy the media directory (or use object storage) and keep PAYLOAD_SECRET safe.',
    ].join('\n'),
  )
  process.exit(2)
}

const backups = backupsDir()
const secretFromEnvironment = Boolean(process.env.PAYLOAD_SECRET)
const log = (line: string) => console.log(line)
const found = await existingDatabase()
if ('missing' in found) exitWith('backup', found.missing)
const database = (found as Exclude<typeof found, { missing: string }>).server
let code = 0
try {
  if (!database) throw new Error('no embedded PostgreSQL')
  const archiveDir = walArchiveDirOf(database.dataDir)
  const { dir, durationMs, manifest } = await createBackup({
    archiveDir,
    backupsDir: backups,
    dataDir: database.dataDir,
    log,
    mediaDir: path.join(rootDir, 'media'),
    secretFile: secretFromEnvironment ? undefined : path.join(dataDir, 'payload-secret'),
    superuserUrl: database.url,
  })
  await recordLastBackup(database.url, {
    at: manifest.consistentAt,
    bytes: manifest.totals.bytes,
    dir,
    durationMs,
  })
  const removed = applyRetention(backups, archiveDir, {
    keep: Number(process.env.BACKUP_KEEP ?? 7),
    keepDays: Number(process.env.WAL_ARCHIVE_KEEP_DAYS ?? 7),
  })
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  log(
    `backup: ${dir}\n` +
      `backup: ${manifest.totals.files} files, ${mib(manifest.totals.bytes)} MiB in ${(durationMs / 1000).toFixed(1)} s, ` +
      `consistent as of ${manifest.consistentAt} (WAL ${manifest.postgres.startWal}..${manifest.postgres.stopWal})` +
      (manifest.secret === 'environment'
        ? '; PAYLOAD_SECRET comes from the environment: keep it safe yourself'
        : ''),
  )
  if (removed.backups || removed.walFiles) {
    log(
      `backup: retention removed ${removed.backups} old backup(s) and ${removed.walFiles} archived WAL file(s) (${mib(removed.walBytes)} MiB)`,
    )
  }
} catch (error) {
  console.error(`backup: FAILED: ${(error as Error).message}`)
  code = 1
}
await database?.stop()
process.exit(code)
