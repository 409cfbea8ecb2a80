import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

import { settingsOf } from '../settings'
import { applyDatabaseRules, removeDatabaseRules } from './databaseRules'
import { ident } from './sqlRules'
import { tableName } from './tableNames'

/**
 * "The first account is an admin", for an app that already had accounts when it added the plugin:
 * with no admin yet, its oldest account becomes one (it can then give others their roles).
 */
const promoteFirstAccount = async ({ db, payload }: MigrateUpArgs): Promise<void> => {
  const users = ident(tableName(payload, settingsOf(payload).slugs.users))
  await db.execute(
    sql.raw(`
    UPDATE ${users} SET role = 'admin'
    WHERE id = (SELECT id FROM ${users} ORDER BY created_at, id LIMIT 1)
      AND NOT EXISTS (SELECT 1 FROM ${users} WHERE role = 'admin')`),
  )
}

/**
 * Building indexes and constraints on a large table may take longer than the request timeouts the
 * plugin gives the pool (`database` option): inside the migration's transaction they do not apply.
 */
const withoutTimeouts = async ({ db }: MigrateDownArgs | MigrateUpArgs): Promise<void> => {
  await db.execute(sql.raw('SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0'))
}

/**
 * Applies every database rule the enabled parts of the plugin need, in order. Idempotent: call it
 * again from a later migration after upgrading the plugin, and only what is missing is added.
 */
export const up = async (args: MigrateUpArgs): Promise<void> => {
  await withoutTimeouts(args)
  await applyDatabaseRules(args.db, args.payload)
  await promoteFirstAccount(args)
}

/** Removes the rules `up` added, in reverse order (the tables themselves are Payload's). */
export const down = async (args: MigrateDownArgs): Promise<void> => {
  await withoutTimeouts(args)
  await removeDatabaseRules(args.db, args.payload)
}
