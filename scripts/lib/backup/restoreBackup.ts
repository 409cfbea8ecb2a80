/**
 * Restores a backup (createBackup.ts) into a NEW directory: checks every checksum, copies the base
 * backup, and lets PostgreSQL replay WAL from the backup and then from the continuous archive up to
 * the latest archived change or to `time` (point-in-time recovery, `recovery_target_time`). The
 * restored server then verifies the audit chain and reports what it holds, and is stopped again.
 */
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { verifyAuditChain } from 'payload-events-cms/audit'
import { freePort, launchServer, postgresHost, serverUrl } from '../postgres/processes'
import { restoreCommand } from '../postgres/walArchive'
import { type BackupManifest, MANIFEST } from './createBackup'
import { chownTree, copyTree, damagedFiles } from './files'

export type RestoreOptions<T = undefined> = {
  /** WAL archives to read after the backup's own WAL (the live cluster's, for later moments). */
  archiveDirs: string[]
  backupDir: string
  /** The application database inside the cluster (checked after the restore). */
  database: string
  /** Runs against the restored database before its server stops (checks, exports). */
  inspect?: (client: pg.Client) => Promise<T>
  /** A new, empty directory for the restored cluster, media and secret. */
  into: string
  log: (line: string) => void
  /** Restore to this moment (ISO 8601) instead of the latest archived change. */
  time?: string
}

export type RestoreReport = {
  audit: {
    lastHash: null | string
    lastSeq: null | string
    ok: boolean
    problem?: string
    rows: number
  }
  /** The last transaction the restored cluster contains. */
  restoredTo: null | string
  rows: Record<string, number>
}

/** Tables whose row counts a restore reports (those the app has). */
const COUNTED = [
  'users',
  'events',
  'bookings',
  'venues',
  'pages',
  'media',
  'form_submissions',
  'audit_logs',
]

export const readManifest = (backupDir: string): BackupManifest => {
  const file = path.join(backupDir, MANIFEST)
  if (!fs.existsSync(file)) throw new Error(`${backupDir} is not a backup: it has no ${MANIFEST}`)
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest
}

const checkTarget = (manifest: BackupManifest, time: string | undefined): void => {
  if (time === undefined) return
  const target = Date.parse(time)
  if (Number.isNaN(target)) throw new Error(`--time "${time}" is not an ISO 8601 timestamp`)
  if (target < Date.parse(manifest.consistentAt)) {
    throw new Error(
      `This backup is consistent as of ${manifest.consistentAt}, after ${time}: restore an older backup`,
    )
  }
}

/** PostgreSQL's log time ("2026-12-06 03:00:00.123456+00") as ISO 8601. */
const logTime = (text: string): null | string => {
  const found = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?/.exec(
    text,
  )
  if (!found) return null
  const [, day, clock, hours, minutes] = found
  return new Date(`${day}T${clock}${hours}:${minutes ?? '00'}`).toISOString()
}

/** The last transaction recovery replayed, as PostgreSQL logs it when recovery ends. */
const restoredTo = (lines: string[]): null | string => {
  for (const line of lines) {
    const found = /last completed transaction was at log time (.+)$/.exec(line)
    if (found?.[1]) return logTime(found[1])
  }
  return null
}

const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

const report = async (client: pg.Client): Promise<Omit<RestoreReport, 'restoredTo'>> => {
  const rows: Record<string, number> = {}
  for (const table of COUNTED) {
    const { rows: found } = await client.query<{ count: string | null }>(
      `SELECT CASE WHEN to_regclass($1) IS NULL THEN NULL ELSE 0 END AS count`,
      [`public.${table}`],
    )
    if (found[0]?.count === null) continue
    const { rows: counted } = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM public.${client.escapeIdentifier(table)}`,
    )
    rows[table] = Number(counted[0]?.count)
  }
  const chain =
    rows.audit_logs === undefined ? { ok: true as const, rows: 0 } : await verifyAuditChain(client)
  const { rows: last } =
    rows.audit_logs === undefined
      ? { rows: [] }
      : await client.query<{ hash: string; seq: string }>(
          'SELECT seq::text AS seq, hash FROM audit_logs ORDER BY audit_logs.seq DESC LIMIT 1',
        )
  return {
    audit: {
      lastHash: last[0]?.hash ?? null,
      lastSeq: last[0]?.seq ?? null,
      ok: chain.ok,
      ...(chain.ok ? {} : { problem: `seq ${chain.seq}: ${chain.problem}` }),
      rows: chain.rows,
    },
    rows,
  }
}

export const restoreBackup = async <T = undefined>(
  options: RestoreOptions<T>,
): Promise<RestoreReport & { dataDir: string; inspected: T | undefined }> => {
  const { backupDir, into, log, time } = options
  const manifest = readManifest(backupDir)
  checkTarget(manifest, time)
  log(`restore: checking ${manifest.totals.files} files (${manifest.totals.bytes} bytes)`)
  const damaged = await damagedFiles(backupDir, manifest.files)
  if (damaged.length > 0) {
    throw new Error(
      `The backup is damaged: ${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? ', ...' : ''} do not match its manifest`,
    )
  }
  if (fs.existsSync(into) && fs.readdirSync(into).length > 0) {
    throw new Error(`${into} is not empty: restore into a new directory`)
  }

  const host = postgresHost()
  // Traversable by the server's OS user (the cluster inside is its own, 0700).
  fs.mkdirSync(into, { mode: 0o755, recursive: true })
  fs.chmodSync(into, 0o755)
  const dataDir = path.join(into, 'pg')
  copyTree(path.join(backupDir, 'base'), dataDir, () => false)
  fs.writeFileSync(path.join(dataDir, 'recovery.signal'), '')
  chownTree(dataDir, host.user)
  // The server's OS user reads the WAL (restore_command): a copy it owns, beside the cluster.
  const backupWal = path.join(into, 'backup-wal')
  copyTree(path.join(backupDir, 'wal'), backupWal, () => false)
  chownTree(backupWal, host.user)
  for (const part of ['media', 'payload-secret']) {
    const source = path.join(backupDir, part)
    if (!fs.existsSync(source)) continue
    if (fs.statSync(source).isDirectory()) copyTree(source, path.join(into, part), () => false)
    else fs.copyFileSync(source, path.join(into, part))
  }

  const port = await freePort()
  const settings: Record<string, string> = {
    archive_mode: 'off',
    recovery_target_action: 'promote',
    restore_command: restoreCommand([backupWal, ...options.archiveDirs]),
    // PostgreSQL's own timestamp syntax: it does not take ISO 8601's "T...Z".
    ...(time
      ? { recovery_target_time: new Date(time).toISOString().replace('T', ' ').replace('Z', '+00') }
      : {}),
  }
  log(`restore: replaying WAL ${time ? `up to ${time}` : 'up to the latest archived change'}`)
  const lines: string[] = []
  let server
  try {
    server = await launchServer(host, dataDir, port, settings, (line) => lines.push(line))
  } catch (error) {
    const fatal = lines.find((line) => /FATAL|PANIC/.test(line))
    throw new Error(
      `PostgreSQL could not complete the recovery: ${fatal ?? (error as Error).message}`,
    )
  }
  try {
    const url = serverUrl(port, options.database)
    const result = await withClient(url, report)
    const inspected = options.inspect ? await withClient(url, options.inspect) : undefined
    fs.rmSync(backupWal, { force: true, recursive: true })
    return { ...result, dataDir, inspected, restoredTo: restoredTo(lines) }
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGINT')
    await exited
  }
}
