import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { SEND_MAIL_TASK } from '../../src/db/mailRulesSql'
import { tableName } from '../../src/db/tableNames'
import { postgresAdapterOf } from '../../src/utilities/payloadInternals'

/** A mail job processing this long belongs to a runner that died (a send takes seconds). */
const STALLED_MINUTES = 10

/**
 * Payload's queue marks a job `processing` while a runner has it and never takes that back when
 * the runner is killed: the job would wait forever. Mail jobs stalled that long are handed back
 * to the queue (at start-up and every minute with the hold expiry); their mail's own claim lapses
 * as long (claimMail.ts), so the next run sends it, once.
 */
export const releaseStalledMailJobs = async (payload: Payload): Promise<number> => {
  const db = postgresAdapterOf(payload).drizzle
  if (!db) return 0 // started without a database connection (disableDBConnect)
  const jobs = sql.identifier(tableName(payload, 'payload-jobs'))
  const result = (await db.execute(sql`
    UPDATE ${jobs} SET processing = false, updated_at = now()
     WHERE processing AND completed_at IS NULL AND task_slug::text = ${SEND_MAIL_TASK}
       AND updated_at < now() - make_interval(mins => ${STALLED_MINUTES})`)) as {
    rowCount?: number
  }
  return result.rowCount ?? 0
}
