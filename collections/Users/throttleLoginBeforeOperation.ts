import { sql } from '@payloadcms/db-postgres'
import type { CollectionBeforeOperationHook } from 'payload'

import { fromSameClientSql } from '../../src/audit/requestInfo'
import { normalizedEmailSql, normalizeEmail } from '../../src/privacy/emailAddresses'
import { settingsOf } from '../../src/settings'
import { platformSettingsOf } from '../../src/utilities/platformSettings'
import { PublicError } from '../../src/utilities/publicError'
import { tableName } from '../../src/db/tableNames'
import { postgresAdapter } from '../../src/utilities/transactionDb'

type Counts = {
  account_and_address: number | string
  address: number | string
  oldest: Date | null
}

/**
 * Slows password guessing without letting anyone lock an account: failures are counted per
 * account and address, and per address, from the audit log's `login_failed` rows (one count for
 * every app server, kept across restarts). Past a limit that address gets a 429 until the window
 * has passed; the account's owner, from anywhere else, still signs in. Payload's own lockout
 * (`maxLoginAttempts`) is what let ten wrong passwords from anyone lock the admin out.
 */
export const throttleLoginBeforeOperation: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  if (operation !== 'login') return args
  const email = (args as { data?: { email?: unknown } }).data?.email
  if (typeof email !== 'string') return args
  const { slugs } = settingsOf(req.payload)
  const { limits } = platformSettingsOf(req.payload)
  const { perAccountAndAddress, perAddress, windowSeconds } = limits.login
  const table = sql.identifier(tableName(req.payload, slugs.auditLogs))
  const { rows } = await postgresAdapter(req).drizzle.execute<Counts>(sql`
    SELECT count(*) FILTER (
             WHERE ${normalizedEmailSql(sql`changes->'$personal'->'fields'->>'email'`)}
                   = ${normalizeEmail(email)}
           ) AS account_and_address,
           count(*) AS address,
           min(created_at) AS oldest
      FROM ${table}
     WHERE action = 'login_failed'
       AND collection = ${collection.slug}
       AND created_at > now() - make_interval(secs => ${windowSeconds})
       AND ${fromSameClientSql(req)}`)
  const counts = rows[0]
  if (!counts) return args
  const tooMany =
    Number(counts.account_and_address) >= perAccountAndAddress ||
    Number(counts.address) >= perAddress
  if (!tooMany) return args
  const oldest = counts.oldest ? new Date(counts.oldest).getTime() : Date.now()
  const retryAfter = Math.max(1, Math.ceil((oldest + windowSeconds * 1000 - Date.now()) / 1000))
  req.responseHeaders = new Headers({ 'Retry-After': String(retryAfter) })
  throw new PublicError(
    `Too many failed sign-ins from this address; try again in ${retryAfter} s or reset the password.`,
    429,
    { retryAfter },
  )
}
