import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { stopCacheListener } from 'payload-events-cms'

/**
 * `payload.destroy()` leaves the pg pool open, and db-postgres keeps one client checked out for
 * good, so `pool.end()` never resolves. The sessions end from the server side instead (the test
 * teardown drops the databases; scripts stop the server); idle clients then report the
 * termination to the pool, which must not crash the process.
 */
export const closePayload = async (payload: Payload): Promise<void> => {
  await stopCacheListener(payload)
  const { pool } = payload.db as unknown as PostgresAdapter
  // Also replaces the plugin's outage report: this shutdown is not an outage.
  pool?.removeAllListeners('error')
  pool?.on('error', () => undefined)
  await payload.destroy()
}
