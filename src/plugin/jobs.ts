import type { Config } from 'payload'

type Jobs = NonNullable<Config['jobs']>
type AutorunCronConfig = Extract<Jobs['autoRun'], unknown[]>[number]

/** The queues an app runs the plugin's jobs on, and how often. */
export const pluginQueues = (queues: {
  bookings: string
  mail?: string
  maintenance?: string
  payments?: string
  scheduledPublish: boolean
  waitingList?: string
}): AutorunCronConfig[] => [
  { cron: '* * * * *', limit: 100, queue: queues.bookings },
  // Mail every 10 s (croner's seconds field): a confirmation should not wait a minute.
  ...(queues.mail ? [{ cron: '*/10 * * * * *', limit: 50, queue: queues.mail }] : []),
  // Offers of freed seats to waiting lists, as soon as the seats are free.
  ...(queues.waitingList ? [{ cron: '*/10 * * * * *', limit: 20, queue: queues.waitingList }] : []),
  // Refunds to send to payment providers (the refund endpoint also runs its job at once).
  ...(queues.payments ? [{ cron: '*/10 * * * * *', limit: 20, queue: queues.payments }] : []),
  // Scheduled page publishing: Payload's schedulePublish uses the `default` queue.
  ...(queues.scheduledPublish ? [{ cron: '* * * * *', limit: 100, queue: 'default' }] : []),
  // Audit partitions ahead and retention (the task itself is scheduled daily).
  ...(queues.maintenance ? [{ cron: '*/10 * * * *', limit: 10, queue: queues.maintenance }] : []),
]

const merge = (own: AutorunCronConfig[], ours: AutorunCronConfig[]) => [
  ...own,
  ...ours.filter(
    ({ queue }) => !own.some((entry) => entry.allQueues || (entry.queue ?? 'default') === queue),
  ),
]

/** Adds the plugin's queues to the app's `jobs.autoRun`, keeping every entry the app has. */
export const withAutoRun = (jobs: Jobs, ours: AutorunCronConfig[]): Jobs['autoRun'] => {
  const own = jobs.autoRun
  if (typeof own === 'function') return async (payload) => merge(await own(payload), ours)
  return merge(own ?? [], ours)
}
