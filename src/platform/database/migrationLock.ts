import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { Config } from 'payload'

import { MIGRATING_METHODS } from '../../utilities/payloadInternals'

/** The advisory lock every app server takes to migrate (an arbitrary, fixed 64-bit key). */
export const MIGRATION_LOCK_KEY = '7283094857702137'

type Migrating = Record<(typeof MIGRATING_METHODS)[number], (...args: unknown[]) => Promise<void>>

/**
 * Makes migrations safe to start on every app server at once (a fresh cluster, a rolling deploy
 * with a new migration): Payload's runner reads what is applied and then runs the rest without a
 * lock, so two servers both ran the first migration and one died on `duplicate key value violates
 * unique constraint "pg_type_typname_nsp_index"`. Each migration command now holds a
 * transaction-scoped advisory lock on a connection of its own (it works through a pooler in
 * transaction mode too); a server that finds it taken says so, waits, and then finds nothing left
 * to run. A server that dies while migrating releases the lock with its connection.
 */
export const withMigrationLock = (db: Config['db']): Config['db'] => ({
  ...db,
  init: (args) => {
    const adapter = db.init(args)
    const postgres = adapter as unknown as PostgresAdapter & Migrating
    // A migration command that calls another (in a later Payload) must not wait for itself.
    let holding = false
    for (const method of MIGRATING_METHODS) {
      const original = postgres[method]
      if (typeof original !== 'function') continue
      postgres[method] = async function (this: unknown, ...rest: unknown[]) {
        if (holding) return original.apply(this, rest)
        const client = await postgres.pool.connect()
        holding = true
        try {
          await client.query(
            'BEGIN; SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0',
          )
          const { rows } = await client.query<{ taken: boolean }>(
            'SELECT pg_try_advisory_xact_lock($1::bigint) AS taken',
            [MIGRATION_LOCK_KEY],
          )
          if (!rows[0]?.taken) {
            postgres.payload.logger.info(
              'Another app server is running the migrations: waiting for it to finish.',
            )
            await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY])
            postgres.payload.logger.info(
              'The other app server finished its migrations; running whatever is left.',
            )
          }
          return await original.apply(this, rest)
        } finally {
          holding = false
          await client.query('COMMIT').catch(() => undefined)
          client.release()
        }
      }
    }
    return adapter
  },
})
