import type { Payload } from 'payload'

import { missingDatabaseRules } from '../db/databaseRules'
import { postgresAdapterOf } from '../utilities/transactionDb'

/**
 * Start-up check: the plugin's SQL rules must be in the database, or every audited write would fail
 * with a 500 (`function audit_logs_append(...) does not exist`). One clear error instead.
 */
export const checkDatabaseRules = async (payload: Payload): Promise<void> => {
  const db = postgresAdapterOf(payload).drizzle
  if (!db) return // started without a database connection (disableDBConnect)
  const missing = await missingDatabaseRules(db, payload)
  if (missing.length === 0) return
  throw new Error(
    `payload-events-cms: the database lacks the plugin's rules: ${missing.join('; ')}. ` +
      "Add `await up(args)` from 'payload-events-cms/migrations' to a migration (and `await down(args)` " +
      'to its down), then run `payload migrate`. See docs/extending.md.',
  )
}
