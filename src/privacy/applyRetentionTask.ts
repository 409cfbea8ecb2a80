import { sql } from '@payloadcms/db-postgres'
import {
  commitTransaction,
  initTransaction,
  killTransaction,
  type PayloadRequest,
  type TaskConfig,
} from 'payload'

import { AUDIT_ORIGIN } from '../audit/requestInfo'
import { tableName } from '../db/tableNames'
import { settingsOf } from '../settings'
import type { CacheSource } from '../site/cacheDependencies'
import { announceChange } from '../utilities/cacheChanges'
import { inTransaction } from '../utilities/inTransaction'
import { affectedRows, transactionDb } from '../utilities/transactionDb'
import { eraseAccount } from './eraseAccount'
import { eraseAuditParts, type ErasedParts } from './eraseAuditParts'
import {
  forgetContactSnapshotSql,
  holdsContactSnapshotSql,
  publishedEventSql,
  releasedBookingSql,
} from '../db/conditions'

export const APPLY_RETENTION_TASK = 'applyRetention'

/** Inactive accounts erased per run at most (the next day's run continues). */
const ACCOUNTS_PER_RUN = 200
/** Audit rows per part and transaction when expiring personal parts. */
const AUDIT_BATCH_DEFAULT = 5000

type Output = {
  accountsErased: number
  appointmentNotes: number
  attendeeNames: number
  auditParts: number
  bookingContacts: number
  eventsArchived: number
  formSubmissions: number
  guestRequests: number
  mailContents: number
}

/** A run that removed nothing (also what the task answers while the plugin is disabled). */
export const nothingRetained = (): Output => ({
  accountsErased: 0,
  appointmentNotes: 0,
  attendeeNames: 0,
  auditParts: 0,
  bookingContacts: 0,
  eventsArchived: 0,
  formSubmissions: 0,
  guestRequests: 0,
  mailContents: 0,
})

const removedOutside = (output: Output) =>
  output.appointmentNotes +
  output.attendeeNames +
  output.bookingContacts +
  output.eventsArchived +
  output.formSubmissions +
  output.guestRequests +
  output.mailContents

const days = (n: number) => sql`now() - make_interval(days => ${n}::int)`

/**
 * The daily retention run (the `applyRetention` task) (see docs/personal-data.md), in one transaction, audited:
 * - form submissions older than `formSubmissionDays` are deleted (and the audit log forgets the
 *   personal fields of submissions that no longer exist, whoever deleted them);
 * - guests' waiting-list requests not confirmed within `waitingList.guestConfirmHours` are
 *   deleted (and the audit log forgets the address of entries that no longer exist);
 * - tickets of events that ended `attendeeNameDays` ago lose their attendee names (the check-ins
 *   stay), and appointments that ended as long ago their notes;
 * - cancelled bookings and expired holds lose their contact snapshot after
 *   `releasedBookingContactDays` (seats, prices and dates stay: financial records);
 * - published events that ended `archiveEventsAfterDays` ago become `completed` (out of public
 *   lists, kept with their bookings);
 * - customer accounts with no booking and no appointment, created and last signed in before `inactiveAccountDays`,
 *   are erased and deleted (one `erase` row each);
 * - the audit log forgets the ip and user agent of rows older than `actorDays`, the email of failed
 *   sign-ins older than `failedLoginDays`, and the personal fields about the submissions and
 *   bookings above (one `expire` row with the periods and counts).
 * Idempotent: a second run finds nothing left to do and writes nothing.
 */
export const applyRetention = async (
  req: PayloadRequest,
  { auditBatch = AUDIT_BATCH_DEFAULT }: { auditBatch?: number } = {},
): Promise<Output> => {
  const { parts, privacy, slugs, waitingList: waitingListSettings } = settingsOf(req.payload)
  const output = nothingRetained()
  const retention = privacy.retention
  if (!retention) return output
  req.context[AUDIT_ORIGIN] = 'job'
  let batch: ErasedParts = { actor: 0, personal: 0 }
  let expireBatch: ((first: boolean) => Promise<ErasedParts>) | undefined
  const startedHere = await initTransaction(req)
  try {
    const db = await transactionDb(req)
    const count = (query: ReturnType<typeof sql>) => affectedRows(db, query)
    const bookings = sql.identifier(tableName(req.payload, slugs.bookings))
    const events = sql.identifier(tableName(req.payload, slugs.events))
    const users = sql.identifier(tableName(req.payload, slugs.users))

    const submissions = sql.identifier(tableName(req.payload, slugs.formSubmissions))
    if (parts.forms) {
      output.formSubmissions = await count(
        sql`DELETE FROM ${submissions} WHERE created_at < ${days(retention.formSubmissionDays)}`,
      )
    }

    // Guests' waiting-list requests nobody confirmed in time (they held no place in line).
    const waitingList = sql.identifier(tableName(req.payload, slugs.waitingList))
    if (parts.waitingList) {
      output.guestRequests = await count(sql`
        DELETE FROM ${waitingList} WHERE status = 'unconfirmed'
           AND created_at < now() - make_interval(hours => ${waitingListSettings.guestConfirmHours}::int)`)
    }

    const released = sql`${sql.raw(releasedBookingSql())}
        AND updated_at < ${days(retention.releasedBookingContactDays)}`
    output.bookingContacts = await count(sql`
        UPDATE ${bookings} SET ${sql.raw(forgetContactSnapshotSql())}
         WHERE ${released} AND ${sql.raw(holdsContactSnapshotSql())}`)

    // Tickets keep who they were for until a while after their event (door and follow-up).
    const endedTickets = sql`event_id IN (SELECT id FROM ${events}
        WHERE coalesce(end_date, start_date) < ${days(retention.attendeeNameDays)})`
    output.attendeeNames = await count(sql`
        UPDATE tickets SET attendee_name = NULL
         WHERE attendee_name IS NOT NULL AND ${endedTickets}`)

    // Notes on appointments, like attendee names, are kept until a while after the appointment.
    const appointments = sql.identifier(tableName(req.payload, slugs.appointments))
    const endedAppointments = sql`"end" < ${days(retention.attendeeNameDays)}`
    if (parts.appointments) {
      output.appointmentNotes = await count(sql`
        UPDATE ${appointments} SET notes = NULL WHERE notes IS NOT NULL AND ${endedAppointments}`)
    }

    // The mail log forgets to whom and what after a while; that a mail went stays (sent once).
    if (parts.mail) {
      output.mailContents = await count(sql`
        UPDATE ${sql.identifier(tableName(req.payload, slugs.mails))}
           SET "to" = NULL, subject = NULL, html = NULL, text = NULL, attachments = NULL, recipient_id = NULL
         WHERE created_at < ${days(retention.mailDays)}
           AND ("to" IS NOT NULL OR subject IS NOT NULL OR html IS NOT NULL OR text IS NOT NULL
                OR attachments IS NOT NULL OR recipient_id IS NOT NULL)`)
    }

    output.eventsArchived = await count(sql`
        UPDATE ${events} SET status = 'completed', updated_at = now()
         WHERE ${sql.raw(publishedEventSql())}
           AND coalesce(end_date, start_date) < ${days(retention.archiveEventsAfterDays)}`)

    if (parts.audit) {
      const auditLogs = sql.identifier(tableName(req.payload, slugs.auditLogs))
      const { rows: inactive } = await db.execute<{ id: string }>(sql`
          SELECT u.id::text AS id FROM ${users} u
           WHERE u.role = 'user' AND u.created_at < ${days(retention.inactiveAccountDays)}
             AND NOT EXISTS (SELECT 1 FROM ${bookings} b WHERE b.user_id = u.id)
             ${parts.appointments ? sql`AND NOT EXISTS (SELECT 1 FROM ${appointments} ap WHERE ap.customer_id = u.id)` : sql``}
             AND NOT EXISTS (SELECT 1 FROM ${auditLogs} a WHERE a.user_id = u.id
                               AND a.action = 'login'
                               AND a.created_at >= ${days(retention.inactiveAccountDays)})
           ORDER BY u.created_at LIMIT ${ACCOUNTS_PER_RUN}`)
      for (const { id } of inactive) {
        // One account that cannot go (another table still refers to it) must not stop the run.
        await db.execute(sql`SAVEPOINT retention_account`)
        try {
          await eraseAccount(req, id, { byUserId: null, deleteAccount: true })
          await db.execute(sql`RELEASE SAVEPOINT retention_account`)
          output.accountsErased += 1
        } catch (error) {
          await db.execute(sql`ROLLBACK TO SAVEPOINT retention_account`)
          req.payload.logger.warn({ err: error, id }, 'retention: an inactive account was kept')
        }
      }

      expireBatch = (first: boolean) =>
        eraseAuditParts(
          req,
          {
            actor: sql`created_at < ${days(retention.actorDays)}`,
            personal: sql`(action = 'login_failed' AND created_at < ${days(retention.failedLoginDays)})
              OR (collection = ${slugs.formSubmissions} AND (created_at < ${days(retention.formSubmissionDays)}
                  ${parts.forms ? sql`OR NOT EXISTS (SELECT 1 FROM ${submissions} s WHERE s.id::text = ${auditLogs}.document_id)` : sql``}))
              OR (collection = ${slugs.bookings}
                  AND document_id IN (SELECT id::text FROM ${bookings} WHERE ${released}))
              OR (collection = ${slugs.tickets}
                  AND document_id IN (SELECT id::text FROM tickets WHERE ${endedTickets}))
              ${parts.appointments ? sql`OR (collection = ${slugs.appointments} AND document_id IN (SELECT id::text FROM ${appointments} WHERE ${endedAppointments}))` : sql``}
              ${parts.waitingList ? sql`OR (collection = ${slugs.waitingList} AND NOT EXISTS (SELECT 1 FROM ${waitingList} w WHERE w.id::text = ${auditLogs}.document_id))` : sql``}`,
          },
          {
            action: 'expire',
            // Also when only data outside the log went: the run is on record.
            always: first && removedOutside(output) > 0,
            changes: {
              retention: { ...retention },
              ...(first
                ? {
                    removed: {
                      appointmentNotes: output.appointmentNotes,
                      attendeeNames: output.attendeeNames,
                      bookingContacts: output.bookingContacts,
                      eventsArchived: output.eventsArchived,
                      formSubmissions: output.formSubmissions,
                      guestRequests: output.guestRequests,
                      mailContents: output.mailContents,
                    },
                  }
                : {}),
            },
            collection: slugs.auditLogs,
            documentId: null,
            userId: null,
            withoutActor: true,
          },
          { limit: auditBatch },
        )
      batch = await expireBatch(true)
      output.auditParts = batch.actor + batch.personal
    }
    if (output.eventsArchived > 0) {
      await announceChange(req, { tags: ['events'] satisfies CacheSource[] })
    }
    if (startedHere) await commitTransaction(req)
  } catch (error) {
    if (startedHere) await killTransaction(req)
    throw error
  }
  // The rest of a backlog (the first run over an old log) in transactions of their own: each
  // holds the audit chain's lock, which every audited write waits for, only for one batch.
  const nextBatch = expireBatch
  while (nextBatch && (batch.actor === auditBatch || batch.personal === auditBatch)) {
    batch = await inTransaction(req, () => nextBatch(false))
    output.auditParts += batch.actor + batch.personal
  }
  return output
}

export const applyRetentionTask: TaskConfig<{ input: object; output: Output }> = {
  slug: APPLY_RETENTION_TASK,
  handler: async ({ req }) => ({ output: await applyRetention(req) }),
  outputSchema: [
    { name: 'accountsErased', type: 'number', required: true },
    { name: 'appointmentNotes', type: 'number', required: true },
    { name: 'mailContents', type: 'number', required: true },
    { name: 'attendeeNames', type: 'number', required: true },
    { name: 'auditParts', type: 'number', required: true },
    { name: 'bookingContacts', type: 'number', required: true },
    { name: 'eventsArchived', type: 'number', required: true },
    { name: 'formSubmissions', type: 'number', required: true },
    { name: 'guestRequests', type: 'number', required: true },
  ],
  retries: 2,
}
