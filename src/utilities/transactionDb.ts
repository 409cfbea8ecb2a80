import type { PostgresAdapter, sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { postgresAdapterOf, transactionSessionOf } from './payloadInternals'

export { postgresAdapterOf }

type SQL = ReturnType<typeof sql>

export const postgresAdapter = (req: PayloadRequest): PostgresAdapter =>
  postgresAdapterOf(req.payload)

/** The drizzle handle of the request's open transaction, or undefined when there is none. */
export const openTransactionDb = async (req: PayloadRequest) =>
  (await transactionSessionOf(req))?.db

/**
 * The drizzle handle of the request's open transaction (falling back to the pool), so raw SQL in
 * hooks commits or rolls back together with the Payload write around it.
 */
export const transactionDb = async (req: PayloadRequest) =>
  (await openTransactionDb(req)) ?? postgresAdapter(req).drizzle

export type TransactionDb = Awaited<ReturnType<typeof transactionDb>>

/** Runs an UPDATE or DELETE and answers how many rows it changed. */
export const affectedRows = async (
  db: { execute: (query: SQL) => Promise<unknown> },
  query: SQL,
): Promise<number> => ((await db.execute(query)) as { rowCount?: null | number }).rowCount ?? 0
