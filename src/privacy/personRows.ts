import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { settingsOf } from '../settings'
import { addressesOf, normalizedEmailSql } from './emailAddresses'
import { tableName } from '../db/tableNames'
import type { DocId } from '../utilities/ids'
import { pgArray } from '../utilities/sqlValues'
import { transactionDb } from '../utilities/transactionDb'

type SQL = ReturnType<typeof sql>

/**
 * What of the database is about one person: their bookings, tickets and appointments and the form
 * submissions with any of their email addresses (the current one and every earlier one, normalized).
 */
export type PersonRows = {
  /** The person's appointments (their notes are the person's to erase). */
  appointmentIds: string[]
  bookingIds: string[]
  /** The account's current address, as stored. */
  email: string
  /** Every address the account has had, trimmed and lower-cased (src/privacy/emailAddresses.ts). */
  emails: string[]
  id: DocId
  /** Mails to or about the person (account, address, booking, form submission): the mail log's rows. */
  mailIds: string[]
  submissionIds: string[]
  /** The tickets of the person's bookings (their attendee names are the person's to erase). */
  ticketIds: string[]
  /** Their waiting-list entries, with the requests made as a guest under one of their addresses. */
  waitingListIds: string[]
}

/** The ids of the person's bookings and of the form submissions that carry one of their emails. */
export const findPersonRows = async (
  req: PayloadRequest,
  id: DocId,
  email: string,
): Promise<PersonRows> => {
  const { parts, slugs } = settingsOf(req.payload)
  const emails = await addressesOf(req, id, email)
  const db = await transactionDb(req)
  const bookings = sql.identifier(tableName(req.payload, slugs.bookings))
  const { rows: bookingRows } = await db.execute<{ id: string }>(
    sql`SELECT id::text AS id FROM ${bookings} WHERE user_id = ${id}`,
  )
  let submissionIds: string[] = []
  if (parts.forms) {
    const data = sql.identifier(`${tableName(req.payload, slugs.formSubmissions)}_submission_data`)
    const { rows } = await db.execute<{ id: string }>(
      sql`SELECT DISTINCT _parent_id::text AS id FROM ${data}
           WHERE ${normalizedEmailSql(sql`value`)} = ANY(${pgArray(emails)}::text[])`,
    )
    submissionIds = rows.map((row) => row.id)
  }
  const { rows: appointmentRows } = parts.appointments
    ? await db.execute<{ id: string }>(
        sql`SELECT id::text AS id FROM ${sql.identifier(tableName(req.payload, slugs.appointments))} WHERE customer_id = ${id}`,
      )
    : { rows: [] }
  const { rows: mailRows } = parts.mail
    ? await db.execute<{ id: string }>(sql`
        SELECT id::text AS id FROM ${sql.identifier(tableName(req.payload, slugs.mails))}
         WHERE recipient_id = ${id} OR ${normalizedEmailSql(sql`"to"`)} = ANY(${pgArray(emails)}::text[])
            OR booking_id::text = ANY(${pgArray(bookingRows.map((row) => row.id))}::text[])
            ${parts.forms ? sql`OR submission_id::text = ANY(${pgArray(submissionIds)}::text[])` : sql``}`)
    : { rows: [] }
  const { rows: ticketRows } = await db.execute<{ id: string }>(
    sql`SELECT t.id::text AS id FROM tickets t JOIN ${bookings} b ON b.id = t.booking_id WHERE b.user_id = ${id}`,
  )
  const { rows: waitingListRows } = parts.waitingList
    ? await db.execute<{ id: string }>(sql`
        SELECT id::text AS id FROM ${sql.identifier(tableName(req.payload, slugs.waitingList))}
         WHERE user_id = ${id} OR (status = 'unconfirmed' AND email = ANY(${pgArray(emails)}::text[]))`)
    : { rows: [] }
  return {
    appointmentIds: appointmentRows.map((row) => row.id),
    bookingIds: bookingRows.map((row) => row.id),
    email,
    emails,
    id,
    mailIds: mailRows.map((row) => row.id),
    submissionIds,
    ticketIds: ticketRows.map((row) => row.id),
    waitingListIds: waitingListRows.map((row) => row.id),
  }
}

/**
 * Audit rows about the person: changes to their account, their bookings, their tickets, their
 * appointments, their waiting-list entries and their form submissions, and failed sign-ins with any of their emails however it was typed.
 */
export const aboutPerson = (req: PayloadRequest, person: PersonRows): SQL => {
  const { slugs } = settingsOf(req.payload)
  return sql`(
    (collection = ${slugs.users} AND document_id = ${String(person.id)})
    OR (collection = ${slugs.bookings} AND document_id = ANY(${pgArray(person.bookingIds)}::text[]))
    OR (collection = ${slugs.formSubmissions} AND document_id = ANY(${pgArray(person.submissionIds)}::text[]))
    OR (collection = ${slugs.tickets} AND document_id = ANY(${pgArray(person.ticketIds)}::text[]))
    OR (collection = ${slugs.appointments} AND document_id = ANY(${pgArray(person.appointmentIds)}::text[]))
    OR (collection = ${slugs.waitingList} AND document_id = ANY(${pgArray(person.waitingListIds)}::text[]))
    OR (action = 'login_failed' AND collection = ${slugs.users}
        AND ${normalizedEmailSql(sql`changes->'$personal'->'fields'->>'email'`)}
            = ANY(${pgArray(person.emails)}::text[])))`
}

/** Audit rows the person made (their requests' ip and user agent), or anonymous rows about them. */
export const byPerson = (req: PayloadRequest, person: PersonRows): SQL =>
  sql`(user_id = ${person.id} OR (user_id IS NULL AND ${aboutPerson(req, person)}))`
