import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { platformSettingsOf } from './platformSettings'
import { pgArray } from './sqlValues'
import { postgresAdapterOf } from './payloadInternals'
import { openTransactionDb } from './transactionDb'

export type PreparedStatement = { name: string; text: string }

/** Apps whose pool turned out to sit behind a pooler that loses named statements. */
const unnamedOnly = new WeakSet<object>()

/**
 * What a pooler in transaction mode (PgBouncer) does to named statements: the connection that
 * prepared one is not the one asked to run it (26000), or another client prepared the same name
 * there (42P05). Both are raised before anything ran, so running the statement unnamed is safe.
 */
const lostNamedStatement = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code
  return code === '26000' || code === '42P05'
}

/**
 * Runs a named prepared statement on the adapter's pool, outside any transaction (one statement
 * commits on its own). PostgreSQL parses and plans it once per connection, and no query builder
 * runs per call: for statements on the hottest paths. Logged like drizzle's queries, so statement
 * counts stay honest. Behind a pooler in transaction mode (`database.pooler`, or found out the
 * first time a named statement goes missing) the statement runs unnamed.
 */
export const runPrepared = async <Row extends Record<string, unknown>>(
  req: Pick<PayloadRequest, 'payload'>,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> => {
  const adapter = postgresAdapterOf(req.payload)
  if (adapter.logger && typeof adapter.logger === 'object') {
    adapter.logger.logQuery(statement.text, values)
  }
  const { config } = req.payload
  const unnamed = () => adapter.pool.query<Row>({ text: statement.text, values })
  if (
    unnamedOnly.has(config) ||
    platformSettingsOf(req.payload).database.pooler === 'transaction'
  ) {
    return (await unnamed()).rows
  }
  try {
    return (await adapter.pool.query<Row>({ ...statement, values })).rows
  } catch (error) {
    if (!lostNamedStatement(error)) throw error
    if (!unnamedOnly.has(config)) {
      unnamedOnly.add(config)
      req.payload.logger.warn(
        'events-cms: a named prepared statement went missing (a pooler in transaction mode?): using unnamed ones from now on; set database.pooler to say so',
      )
    }
    return (await unnamed()).rows
  }
}

/**
 * A prepared statement's text and values as one drizzle query, for running it inside the
 * request's transaction. Arrays become array literals (drizzle would spread them into one
 * parameter per element); the statement's casts (`$6::uuid[]`) type them.
 */
const asDrizzleQuery = (statement: PreparedStatement, values: unknown[]) =>
  sql.join(
    statement.text.split(/\$(\d+)/).map((chunk, i) => {
      if (i % 2 === 0) return sql.raw(chunk)
      const value = values[Number(chunk) - 1]
      return Array.isArray(value) ? sql`${pgArray(value)}` : sql`${value ?? null}`
    }),
  )

/**
 * Runs the statement in the request's transaction when it has one (its effects commit or roll back
 * with the rest of the request), else as `runPrepared` does.
 */
export const runInRequest = async <Row extends Record<string, unknown>>(
  req: PayloadRequest,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> => {
  const tx = await openTransactionDb(req)
  if (!tx) return runPrepared<Row>(req, statement, values)
  return ((await tx.execute(asDrizzleQuery(statement, values))) as unknown as { rows: Row[] }).rows
}
