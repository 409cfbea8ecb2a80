/**
 * The file copy of a non-exclusive base backup (between `pg_backup_start()` and
 * `pg_backup_stop()`): the data directory without runtime state and WAL, as PostgreSQL documents.
 * Used by `npm run backup` and to seed a streaming standby.
 */
import fs from 'node:fs'
import path from 'node:path'

import { copyTree } from '../backup/files'

const SKIPPED = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'backup_manifest',
])
const EMPTIED = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
])

const skipInDataDir = (relative: string): boolean => {
  const [top, ...rest] = relative.split(path.sep)
  if (rest.length === 0 && top && SKIPPED.has(top)) return true
  if (top && EMPTIED.has(top) && rest.length > 0) return true
  return path.basename(relative).startsWith('pgsql_tmp')
}

/** Copies a live data directory for a base backup; the emptied directories exist, empty. */
export const copyDataDir = (from: string, to: string): void => {
  copyTree(from, to, skipInDataDir)
  for (const empty of EMPTIED) fs.mkdirSync(path.join(to, empty), { recursive: true })
  fs.mkdirSync(path.join(to, 'pg_wal', 'archive_status'), { recursive: true })
}
