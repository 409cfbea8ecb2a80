import fs from 'node:fs'

import { pruneArchive } from '../postgres/walArchive'
import { listBackups } from './createBackup'

export type Retention = {
  /** Complete backups kept (newest first); older ones are deleted. */
  keep: number
  /** Archived WAL is kept at least this many days, and always from the oldest kept backup on. */
  keepDays: number
}

/**
 * Deletes backups beyond the newest `keep` and the archived WAL that no kept backup needs (older
 * than the oldest kept backup's first segment and older than `keepDays`).
 */
export const applyRetention = (
  backupsDir: string,
  archiveDir: string,
  { keep, keepDays }: Retention,
): { backups: number; walBytes: number; walFiles: number } => {
  const backups = listBackups(backupsDir)
  const removed = backups.slice(0, Math.max(0, backups.length - keep))
  for (const { dir } of removed) fs.rmSync(dir, { force: true, recursive: true })
  const pruned = pruneWal(backupsDir, archiveDir, keepDays)
  return { backups: removed.length, walBytes: pruned.bytes, walFiles: pruned.files }
}

/** Deletes archived WAL older than the oldest backup's first segment and older than `keepDays`. */
export const pruneWal = (backupsDir: string, archiveDir: string, keepDays: number) =>
  pruneArchive(archiveDir, listBackups(backupsDir)[0]?.manifest.postgres.startWal, keepDays)
