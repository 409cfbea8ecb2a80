import { sql } from '@payloadcms/db-postgres'
import { type CollectionSlug, type PayloadRequest } from 'payload'

import { forgetContactSnapshotSql } from '../db/conditions'
import { tableName } from '../db/tableNames'
import { settingsOf } from '../settings'
import { announceChange } from '../utilities/cacheChanges'
import type { DocId } from '../utilities/ids'
import { inTransaction } from '../utilities/inTransaction'
import { PublicError } from '../utilities/publicError'
import { pgArray } from '../utilities/sqlValues'
import { affectedRows, transactionDb } from '../utilities/transactionDb'
import { eraseAuditParts, type ErasedParts } from './eraseAuditParts'
import { aboutPerson, byPerson, findPersonRows } from './personRows'

export type ErasureReport = {
  audit: ErasedParts
  bookings: number
  formSubmissions: number
  jobs: number
  sessions: number
}

/** An erased account's email: unique, valid, and naming no one. */
export const erasedEmail = (id: DocId): string => `erased-${id}@erased.invalid`
export const ERASED_VALUE = '[erased]'

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether the users collection has a field (an app's own may lack `name` or `phone`). */
const hasField = (req: PayloadRequest, slug: CollectionSlug, name: string) =>
  Boolean(
    req.payload.collections[slug]?.config.flattenedFields.some(
      (field: { name: string }) => field.name === name,
    ),
  )

/**
 * The right to be forgotten, in one transaction: the account is anonymised (email, name and phone
 * replaced, password, reset token and sessions gone, role back to `user`: it can never sign in
 * again), every booking keeps its financial fields but loses its contact snapshot, form
 * submissions with the email lose their values, job inputs lose the email, and the audit log's
 * personal parts about or by the person are removed. One `erase` audit row, with counts only,
 * records it. `deleteAccount` also deletes the account row (retention of inactive accounts,
 * which have no bookings).
 */
export const eraseAccount = (
  req: PayloadRequest,
  id: DocId,
  { byUserId, deleteAccount = false }: { byUserId: null | string; deleteAccount?: boolean },
): Promise<ErasureReport> =>
  inTransaction(req, () => eraseInTransaction(req, id, { byUserId, deleteAccount }))

const eraseInTransaction = async (
  req: PayloadRequest,
  id: DocId,
  { byUserId, deleteAccount }: { byUserId: null | string; deleteAccount: boolean },
): Promise<ErasureReport> => {
  const { slugs } = settingsOf(req.payload)
  const db = await transactionDb(req)
  const usersTable = tableName(req.payload, slugs.users)
  const users = sql.identifier(usersTable)
  const withRole = hasField(req, slugs.users, 'role')
  // Locked: a second erasure of the same account waits, then finds it erased.
  const { rows } = await db.execute<{ email: string; role: null | string }>(
    sql`SELECT email, ${withRole ? sql`role::text` : sql`NULL`} AS role FROM ${users} WHERE id = ${id} FOR UPDATE`,
  )
  const account = rows[0]
  if (!account) throw new PublicError('No such account.', 404, { field: 'id' })
  if (account.email === erasedEmail(id) && !deleteAccount) {
    throw new PublicError('This account has already been erased.', 409, { field: 'id' })
  }
  if (account.role === 'admin') {
    const { rows: admins } = await db.execute<{ count: string }>(
      sql`SELECT count(*) AS count FROM ${users} WHERE role = 'admin' AND id <> ${id}`,
    )
    if (Number(admins[0]?.count ?? 0) === 0) {
      throw new PublicError(
        'This is the only admin account: make another account admin before erasing it.',
        409,
        { field: 'id' },
      )
    }
  }
  const person = await findPersonRows(req, id, account.email)

  const count = (query: ReturnType<typeof sql>) => affectedRows(db, query)

  const collection = req.payload.collections[slugs.users]?.config
  const sessions =
    collection?.auth && collection.auth.useSessions !== false
      ? await count(
          sql`DELETE FROM ${sql.identifier(`${usersTable}_sessions`)} WHERE _parent_id = ${id}`,
        )
      : 0

  const bookings = sql.identifier(tableName(req.payload, slugs.bookings))
  const bookingCount = await count(sql`
    UPDATE ${bookings} SET ${sql.raw(forgetContactSnapshotSql())} WHERE user_id = ${id}`)

  // Attendee names on the person's tickets go; the tickets and their check-ins stay (records).
  const ticketNames = await count(sql`
    UPDATE tickets SET attendee_name = NULL
     WHERE id::text = ANY(${pgArray(person.ticketIds)}::text[]) AND attendee_name IS NOT NULL`)

  // Notes on the person's appointments go; the appointments stay (records, like bookings).
  const appointmentNotes =
    person.appointmentIds.length > 0
      ? await count(sql`
    UPDATE ${sql.identifier(tableName(req.payload, slugs.appointments))} SET notes = NULL
     WHERE id::text = ANY(${pgArray(person.appointmentIds)}::text[]) AND notes IS NOT NULL`)
      : 0

  // The mail log keeps that a mail went (so it never goes twice), not to whom or what it said.
  const mails =
    person.mailIds.length > 0
      ? await count(sql`
    UPDATE ${sql.identifier(tableName(req.payload, slugs.mails))}
       SET "to" = NULL, subject = NULL, html = NULL, text = NULL, attachments = NULL, recipient_id = NULL
     WHERE id::text = ANY(${pgArray(person.mailIds)}::text[])`)
      : 0

  // The person's waiting-list entries go (an open offer's hold lapses like any other), with the
  // requests made as a guest under any of their addresses and not confirmed.
  const waitingList = settingsOf(req.payload).parts.waitingList
    ? await count(sql`
    DELETE FROM ${sql.identifier(tableName(req.payload, slugs.waitingList))}
     WHERE id::text = ANY(${pgArray(person.waitingListIds)}::text[])`)
    : 0

  if (person.submissionIds.length > 0) {
    const data = sql.identifier(`${tableName(req.payload, slugs.formSubmissions)}_submission_data`)
    await db.execute(sql`
      UPDATE ${data} SET value = ${ERASED_VALUE}
       WHERE _parent_id::text = ANY(${pgArray(person.submissionIds)}::text[])`)
  }

  // Jobs carry inputs, outputs and errors as JSON; any that names one of the emails loses it.
  const pattern = person.emails.map(escapeRegExp).join('|')
  const scrub = (column: string) =>
    sql`${sql.identifier(column)} = regexp_replace(${sql.identifier(column)}::text, ${pattern}, ${ERASED_VALUE}, 'gi')::jsonb`
  const names = (column: string) => sql`${sql.identifier(column)}::text ~* ${pattern}`
  const jobs = await count(sql`
    UPDATE payload_jobs SET ${scrub('input')}, ${scrub('error')}
     WHERE ${names('input')} OR ${names('error')}`)
  await db.execute(sql`
    UPDATE payload_jobs_log SET ${scrub('input')}, ${scrub('output')}, ${scrub('error')}
     WHERE ${names('input')} OR ${names('output')} OR ${names('error')}`)

  // The admin panel's per-account preferences and document locks.
  const accountColumn = sql.identifier(`${usersTable}_id`)
  await db.execute(sql`DELETE FROM payload_preferences WHERE id IN
    (SELECT parent_id FROM payload_preferences_rels WHERE ${accountColumn} = ${id})`)
  await db.execute(sql`DELETE FROM payload_locked_documents WHERE id IN
    (SELECT parent_id FROM payload_locked_documents_rels WHERE ${accountColumn} = ${id})`)

  const report = {
    appointmentNotes,
    bookings: bookingCount,
    formSubmissions: person.submissionIds.length,
    jobs,
    mails,
    sessions,
    ticketNames,
    waitingList,
  }
  const audit = settingsOf(req.payload).parts.audit
    ? await eraseAuditParts(
        req,
        { actor: byPerson(req, person), personal: aboutPerson(req, person) },
        {
          action: 'erase',
          always: true,
          changes: { ...report, ...(deleteAccount ? { accountDeleted: true } : {}) },
          collection: slugs.users,
          documentId: String(id),
          userId: byUserId,
          withoutActor: true,
        },
      )
    : { actor: 0, personal: 0 }

  await settingsOf(req.payload).privacy.onErase?.({
    email: account.email,
    emails: person.emails,
    id,
    req,
  })
  if (deleteAccount) {
    await db.execute(sql`DELETE FROM ${users} WHERE id = ${id}`)
  } else {
    const optional = (name: string, column: string) =>
      hasField(req, slugs.users, name) ? sql`, ${sql.identifier(column)} = NULL` : sql``
    // Without the local strategy (single sign-on only) there is no password to clear.
    const local =
      collection?.auth && !collection.auth.disableLocalStrategy
        ? sql`, hash = NULL, salt = NULL, reset_password_token = NULL, reset_password_expiration = NULL`
        : sql``
    await db.execute(sql`
      UPDATE ${users}
         SET email = ${erasedEmail(id)}, updated_at = now() ${local}
             ${withRole ? sql`, role = 'user'` : sql``}
             ${optional('name', 'name')} ${optional('phone', 'phone')}
       WHERE id = ${id}`)
  }
  // Every app server forgets the account's remembered sign-ins.
  await announceChange(req, { users: [String(id)] })
  return { audit, ...report }
}
