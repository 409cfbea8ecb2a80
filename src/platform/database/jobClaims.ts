import { sql } from '@payloadcms/db-postgres'
import type { Config } from 'payload'

import {
  asPostgresAdapter,
  jobUtilityTransaction,
  UPDATE_JOBS_METHOD,
  type UpdateJobs,
} from '../../utilities/payloadInternals'

/** The advisory lock job claims take (an arbitrary, fixed 64-bit key). */
export const JOB_CLAIM_LOCK_KEY = '7283094857702138'

/**
 * Payload's job runner claims jobs by reading the ones not processing and then marking them, in a
 * transaction of its own, with no lock between the two: two app servers running `jobs.autoRun`
 * read the same job, and both run it. The second then fails writing the job's log (the first
 * deleted the finished job), and Payload leaves that failed transaction open: its pooled
 * connection sits idle in an aborted transaction until PostgreSQL ends it 30 s later, and the
 * ended connection is an uncaught exception. (Seen with two production servers on one database.)
 *
 * Here every claim first takes a transaction-scoped advisory lock, so the next server's read waits
 * for the first claim's commit and then sees those jobs processing: each job is claimed once. A
 * job update that fails rolls its transaction back, so no connection is left behind either way.
 */
export const withJobClaims = (db: Config['db']): Config['db'] => ({
  ...db,
  init: (args) => {
    const adapter = db.init(args)
    const jobs = adapter as unknown as Record<typeof UPDATE_JOBS_METHOD, UpdateJobs | undefined>
    const original = jobs[UPDATE_JOBS_METHOD]
    if (typeof original !== 'function') return adapter
    jobs[UPDATE_JOBS_METHOD] = async function (this: unknown, updateArgs) {
      const own = await jobUtilityTransaction(updateArgs)
      const postgres = asPostgresAdapter(adapter)
      try {
        if (own !== undefined && updateArgs.data?.processing === true) {
          await postgres.sessions[String(own)]?.db.execute(
            sql`SELECT pg_advisory_xact_lock(${JOB_CLAIM_LOCK_KEY}::bigint)`,
          )
        }
        return await original.call(this, updateArgs)
      } catch (error) {
        if (own !== undefined) await postgres.rollbackTransaction(own).catch(() => undefined)
        throw error
      }
    }
    return adapter
  },
})
