import type { Config, TaskConfig } from 'payload'

import { maintainAuditPartitionsTask } from '../../collections/AuditLogs/maintainAuditPartitionsTask'
import { expireBookingHoldsTask } from '../../collections/Bookings/expireBookingHoldsTask'
import { sendMailTask } from '../../collections/Mails/sendMailTask'
import { offerSeatsTask } from '../../collections/WaitingList/offerSeatsTask'
import { PAYMENTS_QUEUE } from '../../collections/Payments/paymentRules'
import { refundPaymentTask } from '../../collections/Payments/refundPaymentTask'
import { MAIL_QUEUE } from '../db/mailRulesSql'
import { WAITING_LIST_QUEUE } from '../db/waitingListRulesSql'
import { defaults } from '../defaults'
import { applyRetentionTask, nothingRetained } from '../privacy/applyRetentionTask'
import type { PluginSettings } from '../settings'
import type { EventsCmsPluginConfig } from './options'
import { claimScheduleSlot } from './claimScheduleSlot'
import { pluginQueues, withAutoRun } from './jobs'

/** A schedule that one app server claims per slot (several servers, one run). */
const everySlot = (cron: string, queue: string) => [
  { cron, hooks: { beforeSchedule: claimScheduleSlot }, queue },
]

/**
 * The plugin's jobs: hold expiry every minute, queued mail every 10 s, and with the audit log its monthly partitions and
 * the retention of personal data daily. Registered and scheduled either way (scheduling adds
 * schema); with `enabled: false` they do nothing.
 */
export const withPluginTasks = (
  config: Config,
  options: EventsCmsPluginConfig,
  settings: PluginSettings,
): Config['jobs'] => {
  const { enabled, parts } = settings
  const auditOptions = typeof options.audit === 'object' ? options.audit : {}
  const maintenanceQueue = auditOptions.queue ?? defaults.maintenanceQueue
  const tasks = [
    {
      ...expireBookingHoldsTask,
      ...(enabled ? {} : { handler: () => ({ output: { expired: 0 } }) }),
      schedule: everySlot('* * * * *', settings.bookings.queue),
    },
    ...(parts.mail
      ? [
          {
            ...sendMailTask(settings.mail.attempts, settings.mail.retryDelayMs),
            ...(enabled ? {} : { handler: () => ({ output: { state: 'disabled' } }) }),
          },
        ]
      : []),
    ...(parts.waitingList
      ? [
          {
            ...offerSeatsTask,
            ...(enabled ? {} : { handler: () => ({ output: { offered: 0 } }) }),
          },
        ]
      : []),
    ...(parts.payments
      ? [
          {
            ...refundPaymentTask,
            ...(enabled ? {} : { handler: () => ({ output: { state: 'disabled' } }) }),
          },
        ]
      : []),
    ...(parts.audit
      ? [
          {
            ...maintainAuditPartitionsTask({
              monthsAhead: auditOptions.monthsAhead ?? defaults.auditMonthsAhead,
              retentionMonths: auditOptions.retentionMonths,
            }),
            ...(enabled ? {} : { handler: () => ({ output: { created: 0, dropped: [] } }) }),
            // Daily; the append function creates a missing month itself, so a late run loses nothing.
            schedule: everySlot('17 3 * * *', maintenanceQueue),
          },
          {
            ...applyRetentionTask,
            ...(enabled ? {} : { handler: () => ({ output: nothingRetained() }) }),
            // Daily, after the partitions: personal data past its period (privacy.retention).
            schedule: everySlot('37 3 * * *', maintenanceQueue),
          },
        ]
      : []),
  ] as TaskConfig[]
  const jobs = config.jobs ?? {}
  const queues = pluginQueues({
    bookings: settings.bookings.queue,
    mail: parts.mail ? MAIL_QUEUE : undefined,
    waitingList: parts.waitingList ? WAITING_LIST_QUEUE : undefined,
    maintenance: parts.audit ? maintenanceQueue : undefined,
    payments: parts.payments ? PAYMENTS_QUEUE : undefined,
    scheduledPublish: parts.pages,
  })
  return {
    ...jobs,
    ...(options.jobsAutoRun === false ? {} : { autoRun: withAutoRun(jobs, queues) }),
    tasks: [...(jobs.tasks ?? []), ...tasks],
  }
}
