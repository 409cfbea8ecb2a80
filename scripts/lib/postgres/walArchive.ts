/**
 * Continuous WAL archiving for the embedded server: every finished WAL segment is copied
 * (gzip-compressed, fsynced, renamed into place) to an archive directory, so that a base backup
 * plus the archive can restore the cluster to any moment after the backup (point-in-time recovery).
 */
import fs from 'node:fs'
import path from 'node:path'

/** `%f`/`%p` are PostgreSQL's placeholders; paths are single-quoted for the shell. */
const quote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`

export type ArchiveOptions = {
  dir: string
  /** Seconds after which a segment with any change is archived even if not full (PITR granularity). */
  timeoutSeconds: number
}

/**
 * Server settings that turn archiving on. A segment already archived with the same content (the
 * server retries after a crash) counts as done; a different one is an error, never overwritten.
 * New segments are zero-filled rather than recycled so that a segment cut short by
 * `archive_timeout` compresses to almost nothing.
 */
export const archiveSettings = ({
  dir,
  timeoutSeconds,
}: ArchiveOptions): Record<string, string> => {
  const target = `${quote(dir)}/%f.gz`
  const command = [
    `if [ -f ${target} ]; then gzip -dc ${target} | cmp -s - %p; exit $?; fi`,
    `gzip -1 -c %p > ${target}.tmp && sync ${target}.tmp && mv ${target}.tmp ${target}`,
  ].join('; ')
  return {
    archive_command: command,
    archive_mode: 'on',
    archive_timeout: String(timeoutSeconds),
    wal_level: 'replica',
    wal_recycle: 'off',
  }
}

/** The `restore_command` that reads segments from the given archives, first match wins. */
export const restoreCommand = (dirs: string[]): string =>
  [
    ...dirs.map(
      (dir) =>
        `if [ -f ${quote(dir)}/%f.gz ]; then gzip -dc ${quote(dir)}/%f.gz > %p; exit $?; fi; ` +
        `if [ -f ${quote(dir)}/%f ]; then cp ${quote(dir)}/%f %p; exit $?; fi`,
    ),
    'exit 1',
  ].join('; ')

/** WAL segment file names (24 hex digits: timeline, log, segment), without `.gz`. */
const SEGMENT = /^[0-9A-F]{24}$/

export const segmentOf = (file: string): string | undefined => {
  const name = file.replace(/\.gz$/, '')
  return SEGMENT.test(name) ? name : undefined
}

/** Log and segment number: the position of a segment regardless of its timeline. */
const position = (segment: string): string => segment.slice(8)

/**
 * Deletes archived segments that no retained backup needs: older than `keepFrom` (the first
 * segment of the oldest backup kept) AND older than `keepDays`. Timeline history files stay.
 * Returns how many files and bytes went.
 */
export const pruneArchive = (
  dir: string,
  keepFrom: string | undefined,
  keepDays: number,
): { bytes: number; files: number } => {
  if (!fs.existsSync(dir)) return { bytes: 0, files: 0 }
  const cutoff = Date.now() - keepDays * 86_400_000
  let files = 0
  let bytes = 0
  for (const file of fs.readdirSync(dir)) {
    const segment = segmentOf(file)
    if (!segment) continue
    if (keepFrom && position(segment) >= position(keepFrom)) continue
    const stat = fs.statSync(path.join(dir, file))
    if (stat.mtimeMs >= cutoff) continue
    fs.rmSync(path.join(dir, file))
    files += 1
    bytes += stat.size
  }
  return { bytes, files }
}
