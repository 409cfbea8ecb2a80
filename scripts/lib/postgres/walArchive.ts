/**
 * Continuous WAL archiving for the embedded server: every finished WAL segment is copied
 * (gzip-compressed, fsynced, renamed into place) to an archive directory, so that a base backup
 * plus the archive can restore the cluster to any moment after the backup (point-in-time recovery).
 */
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

/** `%f`/`%p` are PostgreSQL's placeholders; paths are single-quoted for the shell. */
const quote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`

export type ArchiveOptions = {
  /** Seconds after which a segment with any change is archived even if not full (PITR granularity). */
  timeoutSeconds: number
}

/** A cluster's WAL archive sits beside it, so the server's OS user reaches it wherever it is. */
export const walArchiveDirOf = (dataDir: string): string =>
  `${dataDir.replace(/\/+$/, '')}-wal-archive`

/**
 * Server settings that turn archiving on. A segment already archived with the same content (the
 * server retries after a crash) counts as done; a different one is an error, never overwritten.
 * New segments are zero-filled rather than recycled so that a segment cut short by
 * `archive_timeout` compresses to almost nothing.
 */
export const archiveSettings = (
  dir: string,
  { timeoutSeconds }: ArchiveOptions,
): Record<string, string> => {
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

/**
 * Has the server archive the WAL segment it is writing now and waits until it is archived: the
 * newest changes are in that segment, which would otherwise reach the archive only when full or
 * after `archive_timeout`.
 */
export const archiveCurrentSegment = async (
  superuserUrl: string,
  timeoutMs = 30_000,
): Promise<void> => {
  const client = new pg.Client({ connectionString: superuserUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ wal: string }>(
      'SELECT pg_walfile_name(pg_switch_wal()) AS wal',
    )
    const wanted = rows[0]?.wal ?? ''
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const { rows: archived } = await client.query<{ last: null | string }>(
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      )
      if ((archived[0]?.last ?? '') >= wanted) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`WAL segment ${wanted} was not archived within ${timeoutMs / 1000} s`)
  } finally {
    await client.end()
  }
}
