import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

/**
 * The drizzle handle of the request's open transaction (falling back to the pool), so raw SQL in
 * hooks commits or rolls back together with the Payload write around it.
 */
export const transactionDb = async (req: PayloadRequest) => {
  const adapter = req.payload.db as unknown as PostgresAdapter
  const id = await req.transactionID
  const session = id === undefined || id === null ? undefined : adapter.sessions[String(id)]
  return session?.db ?? adapter.drizzle
}
