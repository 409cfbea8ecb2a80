import type { PayloadRequest } from 'payload'

import { postgresAdapter } from './transactionDb'

export type PreparedStatement = { name: string; text: string }

/**
 * Runs a named prepared statement on the adapter's pool, outside any transaction (one statement
 * commits on its own). PostgreSQL parses and plans it once per connection, and no query builder
 * runs per call: for statements on the hottest paths. Logged like drizzle's queries, so statement
 * counts stay honest.
 */
export const runPrepared = async <Row extends Record<string, unknown>>(
  req: PayloadRequest,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> => {
  const adapter = postgresAdapter(req)
  if (adapter.logger && typeof adapter.logger === 'object') {
    adapter.logger.logQuery(statement.text, values)
  }
  return (await adapter.pool.query<Row>({ ...statement, values })).rows
}
