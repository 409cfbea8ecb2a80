import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { settingsOf } from '../settings'
import { tableName } from '../db/tableNames'
import type { DocId } from '../utilities/ids'
import { pgArray } from '../utilities/sqlValues'
import { transactionDb } from '../utilities/transactionDb'

type SQL = ReturnType<typeof sql>

/** What of the database is about one person: their bookings and the form submissions with their email. */
export type PersonRows = {
  bookingIds: string[]
  email: string
  id: DocId
  submissionIds: string[]
}

const lower = (value: string) => value.toLowerCase()

/** The ids of the person's bookings and of the form submissions that carry their email. */
export const findPersonRows = async (
  req: PayloadRequest,
  id: DocId,
  email: string,
): Promise<PersonRows> => {
  const { parts, slugs } = settingsOf(req.payload)
  const db = await transactionDb(req)
  const bookings = sql.identifier(tableName(req.payload, slugs.bookings))
  const { rows: bookingRows } = await db.execute<{ id: string }>(
    sql`SELECT id::text AS id FROM ${bookings} WHERE user_id = ${id}`,
  )
  let submissionIds: string[] = []
  if (parts.forms) {
    const data = sql.identifier(`${tableName(req.payload, slugs.formSubmissions)}_submission_data`)
    const { rows } = await db.execute<{ id: string }>(
      sql`SELECT DISTINCT _parent_id::text AS id FROM ${data} WHERE lower(value) = ${lower(email)}`,
    )
    submissionIds = rows.map((row) => row.id)
  }
  return { bookingIds: bookingRows.map((row) => row.id), email, id, submissionIds }
}

/**
 * Audit rows about the person: changes to their account, their bookings and their form
 * submissions, and failed sign-ins with their email.
 */
export const aboutPerson = (req: PayloadRequest, person: PersonRows): SQL => {
  const { slugs } = settingsOf(req.payload)
  return sql`(
    (collection = ${slugs.users} AND document_id = ${String(person.id)})
    OR (collection = ${slugs.bookings} AND document_id = ANY(${pgArray(person.bookingIds)}::text[]))
    OR (collection = ${slugs.formSubmissions} AND document_id = ANY(${pgArray(person.submissionIds)}::text[]))
    OR (action = 'login_failed' AND collection = ${slugs.users}
        AND lower(changes->'$personal'->'fields'->>'email') = ${lower(person.email)}))`
}

/** Audit rows the person made (their requests' ip and user agent), or anonymous rows about them. */
export const byPerson = (req: PayloadRequest, person: PersonRows): SQL =>
  sql`(user_id = ${person.id} OR (user_id IS NULL AND ${aboutPerson(req, person)}))`
