import type { TaskConfig } from 'payload'

import { postgresAdapter } from '../utilities/transactionDb'

type ScheduleConfig = NonNullable<TaskConfig['schedule']>[number]
type BeforeSchedule = NonNullable<NonNullable<ScheduleConfig['hooks']>['beforeSchedule']>

/**
 * Several app servers each run `jobs.autoRun`, and each would queue every scheduled task once:
 * hold expiry N times a minute. Before Payload's own check (no job of this task already waiting in
 * the queue), an instance must claim the run it wants to queue, by moving one row per queue and
 * task forward to that run's time, atomically: `ON CONFLICT ... WHERE` lets exactly one instance
 * move it to a given time, and an instance behind the others (an older view of the job statistics)
 * cannot move it back. One row per task, in Payload's key-value table; nothing to clean up.
 */
export const claimScheduleSlot: BeforeSchedule = async (args) => {
  const { defaultBeforeSchedule, queueable, req } = args
  const task = queueable.taskConfig?.slug ?? queueable.workflowConfig?.slug ?? 'unknown'
  const slot = queueable.waitUntil?.toISOString() ?? new Date().toISOString()
  const { rows } = await postgresAdapter(req).pool.query(
    `INSERT INTO payload_kv (key, data) VALUES ($1, jsonb_build_object('slot', $2::text))
     ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data
       WHERE (payload_kv.data->>'slot') < (EXCLUDED.data->>'slot')
     RETURNING key`,
    [`events-cms:schedule:${queueable.scheduleConfig.queue}:${task}`, slot],
  )
  if (rows.length === 0) return { shouldSchedule: false }
  return defaultBeforeSchedule ? defaultBeforeSchedule(args) : { shouldSchedule: true }
}
