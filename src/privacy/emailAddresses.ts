import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { tableName } from '../db/tableNames'
import { settingsOf } from '../settings'
import type { DocId } from '../utilities/ids'
import { transactionDb } from '../utilities/transactionDb'

type SQL = ReturnType<typeof sql>

/** What JavaScript's `String.prototype.trim` removes (Payload trims emails with it). */
const TRIMMED =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'

/**
 * An email address as Payload matches an account by it (sign-in, registration): trimmed and
 * lower-cased. `"  DORA@M.TEST "` is dora@m.test's sign-in, so it is her personal data too.
 */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

/** The same in SQL, for values stored as they were typed (before they were normalized). */
export const normalizedEmailSql = (expression: SQL): SQL =>
  sql`lower(btrim(${expression}, ${TRIMMED}))`

/**
 * Every address an account has had: its current one and those its audit history shows it changed
 * from or to, normalized. What the person did under an earlier address (form submissions, failed
 * sign-ins) is theirs as much as what they did under the current one.
 */
export const addressesOf = async (
  req: PayloadRequest,
  id: DocId,
  current: string,
): Promise<string[]> => {
  const { parts, slugs } = settingsOf(req.payload)
  const addresses = new Set([normalizeEmail(current)])
  if (parts.audit) {
    const table = sql.identifier(tableName(req.payload, slugs.auditLogs))
    const db = await transactionDb(req)
    const { rows } = await db.execute<{ email: string }>(sql`
      SELECT DISTINCT ${normalizedEmailSql(sql`address`)} AS email
        FROM ${table} a,
             LATERAL (VALUES (a.changes #>> '{$personal,fields,email,from}'),
                             (a.changes #>> '{$personal,fields,email,to}'),
                             (a.changes #>> '{email,from}'),
                             (a.changes #>> '{email,to}')) AS v(address)
       WHERE a.collection = ${slugs.users} AND a.document_id = ${String(id)}
         AND address IS NOT NULL`)
    for (const { email } of rows) if (email) addresses.add(email)
  }
  return [...addresses].filter(Boolean)
}
