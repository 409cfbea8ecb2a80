import type { PostgresAdapter, sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

type SQL = ReturnType<typeof sql>

/** The app always runs on db-postgres; Payload types `payload.db` as the generic adapter. */
export const postgresAdapterOf = (payload: Pick<Payload, 'db'>): PostgresAdapter =>
  payload.db as unknown as PostgresAdapter

export const postgresAdapter = (req: PayloadRequest): PostgresAdapter =>
  postgresAdapterOf(req.payload)

/** The drizzle handle of the request's open transaction, or undefined when there is none. */
export const openTransactionDb = async (req: PayloadRequest) => {
  const id = await req.transactionID
  return id === undefined || id === null ? undefined : postgresAdapter(req).sessions[String(id)]?.db
}

/**
 * The drizzle handle of the request's open transaction (falling back to the pool), so raw SQL in
 * hooks commits or rolls back together with the Payload write around it.
 */
export const transactionDb = async (req: PayloadRequest) =>
  (await openTransactionDb(req)) ?? postgresAdapter(req).drizzle

/** Runs an UPDATE or DELETE and answers how many rows it changed. */
export const affectedRows = async (
  db: { execute: (query: SQL) => Promise<unknown> },
  query: SQL,
): Promise<number> => ((await db.execute(query)) as { rowCount?: null | number }).rowCount ?? 0
