/**
 * Jobs on several app servers (src/platform/database/jobClaims.ts): Payload's runner reads the
 * jobs to run and then marks them, with nothing between, so two servers used to run the same job,
 * and the loser's failed log write left its transaction open until PostgreSQL ended the
 * connection 30 s later (an uncaught exception). Each job now runs once, and no connection is left
 * idle in a transaction.
 */
import { getPayload, type Payload, type TaskConfig } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { EXPIRE_HOLDS_TASK } from 'payload-events-cms/collections'
import { closePayload } from '../scripts/lib/closePayload'
import { buildAppConfig } from '../src/app/appConfig'
import { useTestApp } from './helpers/testApp'

describe('jobs run by two app servers at once', () => {
  // Both servers run jobs only when the test says so.
  const app = useTestApp({ plugin: { jobsAutoRun: false } })
  let other: Payload
  const runs = new Map<string, number>()

  /** Counts every run of the hold-expiry task, by job, on this server. */
  const countRuns = (payload: Payload) => {
    const task = payload.config.jobs.tasks?.find(({ slug }) => slug === EXPIRE_HOLDS_TASK) as
      TaskConfig | undefined
    const handler = task?.handler
    if (!task || typeof handler !== 'function') throw new Error('no hold-expiry task')
    task.handler = async (args) => {
      const id = String(args.job.id)
      runs.set(id, (runs.get(id) ?? 0) + 1)
      return handler(args)
    }
  }

  beforeAll(async () => {
    other = await getPayload({
      config: await buildAppConfig({
        databaseUrl: app.databaseUrl,
        plugin: { jobsAutoRun: false },
      }),
      key: `second-server:${app.databaseUrl}`,
    })
    countRuns(app.payload)
    countRuns(other)
  })

  afterAll(async () => {
    await closePayload(other)
  })

  it('should run each queued job once and leave no transaction open', async () => {
    const queued: string[] = []
    for (let round = 0; round < 5; round++) {
      const jobs = await Promise.all(
        Array.from({ length: 12 }, () =>
          app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK }),
        ),
      )
      queued.push(...jobs.map(({ id }) => String(id)))
      // Both servers' runners at the same moment, twice each, as two autoRun crons would.
      await Promise.all(
        [app.payload, other, app.payload, other].map((payload) =>
          payload.jobs.run({ limit: 12, queue: 'bookings' }),
        ),
      )
    }
    const twice = [...runs].filter(([, count]) => count > 1)
    expect(twice, 'jobs run more than once').toEqual([])
    expect(
      queued.filter((id) => !runs.has(id)),
      'jobs never run',
    ).toEqual([])
    const { rows } = await app.sql.query<{ count: string }>(
      `SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    )
    expect(Number(rows[0]?.count)).toBe(0)
  })
})
