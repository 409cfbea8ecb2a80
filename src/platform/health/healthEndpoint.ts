import type { CollectionSlug, Endpoint, PayloadRequest } from 'payload'

import { databaseFault } from '../database/databaseFaults'
import { internalSlugs } from '../../utilities/payloadInternals'
import { postgresAdapter } from '../../utilities/transactionDb'

export type HealthOptions = {
  /**
   * A backup older than this makes the app `degraded` (a daily backup plus some slack).
   * @default 26
   */
  backupMaxAgeHours?: number
  /**
   * A queued job still not run this long after it was due makes the app `degraded` (the runner
   * is not running).
   * @default 5
   */
  jobsLateAfterMinutes?: number
}

/** Where `npm run backup` records its last run (Payload's key-value table). */
export const LAST_BACKUP_KEY = 'events-cms:last-backup'

/** A check that does not answer within this many ms counts as down: health must never hang. */
const CHECK_TIMEOUT_MS = 2000

const withinTimeout = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ),
    ),
  ])

type JobsRow = { late: string; oldest_late_seconds: number | null }

const checkDatabaseAndJobs = async (req: PayloadRequest, lateAfterMinutes: number) => {
  const started = performance.now()
  // An app without jobs has no jobs table: then the check is the round trip alone.
  const hasJobs = Boolean(req.payload.collections[internalSlugs.jobs as CollectionSlug])
  const { rows } = await withinTimeout(
    postgresAdapter(req).pool.query<JobsRow>(
      hasJobs
        ? `SELECT count(*) AS late,
         extract(epoch FROM now() - min(coalesce(wait_until, created_at)))::float8 AS oldest_late_seconds
       FROM payload_jobs
       WHERE completed_at IS NULL AND NOT coalesce(processing, false) AND NOT coalesce(has_error, false)
         AND coalesce(wait_until, created_at) < now() - make_interval(mins => $1)`
        : 'SELECT 0 AS late, $1::int AS oldest_late_seconds',
      [lateAfterMinutes],
    ),
  )
  const latencyMs = Math.round((performance.now() - started) * 10) / 10
  const late = Number(rows[0]?.late ?? 0)
  return {
    database: { latencyMs, status: 'ok' as const },
    jobs: {
      late,
      oldestLateSeconds: late ? Math.round(rows[0]?.oldest_late_seconds ?? 0) : null,
      status: !hasJobs ? ('none' as const) : late ? ('late' as const) : ('ok' as const),
    },
  }
}

type MailRow = { failed: string; stuck: string; retrying: string }

/**
 * The mail log (when the events plugin keeps one): mails that failed for good in the last 24 h
 * (an SMTP 5xx, or out of tries) and mails still retrying, those retrying for over 15 minutes
 * counting as stuck. Either makes the app `degraded`: someone should look at the Mail collection.
 */
const checkMail = async (req: PayloadRequest) => {
  if (!req.payload.collections['mails' as CollectionSlug]) return { status: 'none' as const }
  const { rows } = await withinTimeout(
    postgresAdapter(req).pool.query<MailRow>(
      `SELECT count(*) FILTER (WHERE status = 'failed' AND created_at > now() - interval '24 hours') AS failed,
              count(*) FILTER (WHERE status = 'retrying') AS retrying,
              count(*) FILTER (WHERE status = 'retrying' AND created_at < now() - interval '15 minutes') AS stuck
         FROM mails WHERE status IN ('failed', 'retrying')`,
    ),
  )
  const failed = Number(rows[0]?.failed ?? 0)
  const retrying = Number(rows[0]?.retrying ?? 0)
  const stuck = Number(rows[0]?.stuck ?? 0)
  return {
    failedLast24h: failed,
    retrying,
    status: failed > 0 || stuck > 0 ? ('failing' as const) : ('ok' as const),
  }
}

type BackupRecord = { at?: string; bytes?: number }

const checkBackup = async (req: PayloadRequest, maxAgeHours: number) => {
  const { rows } = await withinTimeout(
    postgresAdapter(req).pool.query<{ data: BackupRecord }>(
      'SELECT data FROM payload_kv WHERE key = $1',
      [LAST_BACKUP_KEY],
    ),
  )
  const at = rows[0]?.data.at
  if (!at) return { status: 'none' as const }
  const ageHours = Math.round(((Date.now() - Date.parse(at)) / 3_600_000) * 10) / 10
  return {
    ageHours,
    bytes: rows[0]?.data.bytes ?? null,
    lastAt: at,
    status: ageHours > maxAgeHours ? ('stale' as const) : ('ok' as const),
  }
}

const startedAt = Date.now()

/**
 * GET /api/health for load balancers, process managers and monitoring: the app, the database
 * (round trip), the jobs queue (anything overdue means no runner is working it) and the age of the
 * last `npm run backup`. 200 while the database answers (`ok`, or `degraded` when jobs are late or
 * the backup is stale), 503 with Retry-After when it does not. Never cached, never queued behind
 * public reads, and every check gives up after 2 s.
 */
export const healthEndpoint = (options: HealthOptions = {}): Endpoint => ({
  handler: async (req) => {
    const app = { status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }
    const headers = { 'Cache-Control': 'no-store' }
    try {
      const [core, backup, mail] = await Promise.all([
        checkDatabaseAndJobs(req, options.jobsLateAfterMinutes ?? 5),
        checkBackup(req, options.backupMaxAgeHours ?? 26).catch(() => ({
          status: 'unknown' as const,
        })),
        checkMail(req).catch(() => ({ status: 'unknown' as const })),
      ])
      const degraded =
        core.jobs.status === 'late' || backup.status === 'stale' || mail.status === 'failing'
      return Response.json(
        { app, backup, ...core, mail, status: degraded ? 'degraded' : 'ok' },
        { headers },
      )
    } catch (error) {
      const reason = databaseFault(error)?.message ?? (error as Error).message
      return Response.json(
        { app, database: { error: reason, status: 'down' }, status: 'down' },
        { headers: { ...headers, 'Retry-After': '5' }, status: 503 },
      )
    }
  },
  method: 'get',
  path: '/health',
})
