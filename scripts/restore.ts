/**
 * `npm run restore -- --to <backup dir | latest> [--time <ISO 8601>] [--into <dir>] [--replace]`
 *
 * Restores a backup of `npm run backup` into a NEW directory (default .data/restores/<name>): the
 * cluster replays the backup's WAL and then the continuous archive, up to the latest archived
 * change or to --time (point-in-time recovery). The audit chain is verified and the restore reports
 * row counts and the last audit hash. --replace then puts the restored cluster, media and secret in
 * place of the live ones (moved aside to .data/replaced-<time>/), and only while the app is stopped.
 */
import fs from 'node:fs'
import path from 'node:path'

import { commandLine } from './lib/cli'
import { walArchiveDirOf } from './lib/embeddedPostgres'
import { archiveCurrentSegment } from './lib/postgres/walArchive'
import { listBackups } from './lib/backup/createBackup'
import { replaceLive } from './lib/backup/replaceLive'
import { restoreBackup } from './lib/backup/restoreBackup'
import { backupsDir, dataDir, ensureDatabase, loadEnv, rootDir } from './lib/runtime'

const values = commandLine(
  `
Usage: npm run restore -- --to <backup dir | latest> [--time <ISO 8601>] [--into <dir>] [--replace]

Restores a backup of \`npm run backup\` into a new directory (default .data/restores/<name>), replaying
the archived WAL up to the latest change or to --time (point-in-time recovery), then verifies the
audit chain. --replace then puts the restored data in place of the live data (the app must be
stopped). Only for the embedded PostgreSQL: with DATABASE_URL use your server's own tooling.
`,
  {
    from: { type: 'string' },
    into: { type: 'string' },
    replace: { type: 'boolean' },
    time: { type: 'string' },
    to: { type: 'string' },
  },
)
const log = (line: string) => console.log(line)
const fail = (message: string): never => {
  console.error(`restore: FAILED: ${message}`)
  process.exit(1)
}

loadEnv()
if (process.env.DATABASE_URL) {
  fail(
    "DATABASE_URL points at a server of your own: restore it with that server's tooling (docs/operating.md)",
  )
}
const backups = backupsDir()
const chosen = values.to ?? values.from
if (!chosen) fail('say which backup: --to <backup directory> or --to latest')
const backupDir =
  chosen === 'latest' ? listBackups(backups).at(-1)?.dir : path.resolve(String(chosen))
if (!backupDir || !fs.existsSync(backupDir))
  fail(`no backup at ${chosen} (backups are in ${backups})`)
const liveDataDir = path.join(dataDir, 'pg')
const name = path.basename(String(backupDir))
const stamp = (text: string) => text.replace(/[:.]/g, '-')
const into = path.resolve(
  values.into ??
    path.join(
      dataDir,
      'restores',
      `${name}${values.time ? `-at-${stamp(values.time)}` : ''}-restored-${stamp(new Date().toISOString())}`,
    ),
)
if (
  path.resolve(into) === path.resolve(liveDataDir) ||
  path.resolve(into) === path.resolve(dataDir)
) {
  fail(`${into} is the live data: restore into a new directory (and use --replace to swap it in)`)
}

/**
 * The newest changes are in the live server's current WAL segment until it is archived: when that
 * server is reachable, have it archive the segment so that the restore can reach them.
 */
const archiveLiveSegment = async () => {
  const database = await ensureDatabase().catch(() => undefined)
  if (!database)
    return log('restore: the live PostgreSQL is not reachable; using the archive as it is')
  try {
    await archiveCurrentSegment(database.url)
  } catch (error) {
    log(`restore: could not archive the live server's current WAL (${(error as Error).message})`)
  } finally {
    await database.stop()
  }
}

const began = Date.now()
await archiveLiveSegment()
try {
  const result = await restoreBackup({
    archiveDirs: [walArchiveDirOf(liveDataDir)],
    backupDir: String(backupDir),
    database: 'payload_events_cms',
    into,
    log,
    time: values.time,
  })
  const counts = Object.entries(result.rows)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ')
  log(
    `restore: ${result.dataDir} restored to ${result.restoredTo ?? 'the backup'} in ${((Date.now() - began) / 1000).toFixed(1)} s`,
  )
  log(`restore: rows: ${counts}`)
  if (!result.audit.ok) fail(`audit:verify: BROKEN at ${result.audit.problem}`)
  log(
    `restore: audit:verify: OK, ${result.audit.rows} rows, chain intact; last seq ${result.audit.lastSeq ?? '-'}, hash ${result.audit.lastHash ?? '-'}`,
  )
  if (values.replace) {
    const aside = await replaceLive({
      dataDir,
      liveDataDir,
      mediaDir: path.join(rootDir, 'media'),
      restored: into,
    })
    log(
      `restore: the restored data is live now; the previous data is in ${aside}. Start the app: npm start`,
    )
  } else {
    log(
      `restore: the live data is untouched. To make this the live data: stop the app, then ` +
        `npm run restore -- --to ${chosen}${values.time ? ` --time ${values.time}` : ''} --replace`,
    )
  }
} catch (error) {
  fail((error as Error).message)
}
process.exit(0)
