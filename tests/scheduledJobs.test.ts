/**
 * Scheduled jobs with several app instances: each runs `jobs.autoRun`, and each scheduled run of a
 * task (hold expiry every minute, audit partitions daily) is queued once, not once per instance.
 */
import { getPayload, type Payload } from 'payload'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { EXPIRE_HOLDS_TASK, MAINTAIN_AUDIT_PARTITIONS_TASK } from 'payload-events-cms/collections'
import { APPLY_RETENTION_TASK } from 'payload-events-cms/privacy'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { useTestApp } from './helpers/testApp'

describe('scheduled jobs across app instances', () => {
  const instances: Payload[] = []

  const app = useTestApp()

  beforeAll(async () => {
    for (const n of [2, 3]) {
      instances.push(
        await getPayload({
          config: await buildAppConfig({ databaseUrl: app.databaseUrl }),
          key: `instance-${n}:${app.databaseUrl}`,
        }),
      )
    }
  })

  afterAll(async () => {
    for (const instance of instances) await closePayload(instance)
  })

  beforeEach(async () => {
    await app.reset()
  })

  const queuedRuns = async () =>
    (
      await app.sql.query<{ runs: string; task: string }>(
        `SELECT task_slug AS task, count(*) AS runs FROM payload_jobs
         WHERE meta->>'scheduled' = 'true' GROUP BY task_slug ORDER BY task_slug`,
      )
    ).rows.map(({ runs, task }) => [task, Number(runs)])

  it('should queue each scheduled run once when three instances schedule at the same moment', async () => {
    const everyone = [app.payload, ...instances]

    for (let round = 0; round < 5; round++) {
      await Promise.all(
        everyone.map((payload) => payload.jobs.handleSchedules({ allQueues: true })),
      )
    }

    expect(await queuedRuns()).toEqual([
      [EXPIRE_HOLDS_TASK, 1],
      [MAINTAIN_AUDIT_PARTITIONS_TASK, 1],
      [APPLY_RETENTION_TASK, 1],
    ])
  })

  it('should queue the next run once the previous one has run', async () => {
    const everyone = [app.payload, ...instances]
    await Promise.all(everyone.map((payload) => payload.jobs.handleSchedules({ allQueues: true })))
    // The queued hold-expiry run is done; time moves to the next minute's slot.
    await app.sql.query(
      `UPDATE payload_jobs SET completed_at = now(), processing = false WHERE task_slug = $1`,
      [EXPIRE_HOLDS_TASK],
    )
    await app.sql.query(
      `UPDATE payload_kv SET data = jsonb_build_object('slot', (now() - interval '1 minute')::text)
       WHERE key LIKE 'events-cms:schedule:%'`,
    )
    await app.sql.query(
      `UPDATE payload_jobs_stats SET stats = jsonb_set(stats, '{scheduledRuns}', '{}'::jsonb)`,
    )

    await Promise.all(everyone.map((payload) => payload.jobs.handleSchedules({ allQueues: true })))

    const { rows } = await app.sql.query<{ runs: string }>(
      `SELECT count(*) AS runs FROM payload_jobs WHERE task_slug = $1 AND completed_at IS NULL`,
      [EXPIRE_HOLDS_TASK],
    )
    expect(Number(rows[0]?.runs)).toBe(1)
  })
})
