import type { Payload } from 'payload'

import { poolsOf, stopCacheListener } from 'payload-events-cms/platform'

/**
 * `payload.destroy()` leaves the pg pools open, and db-postgres keeps one client checked out for
 * good, so `pool.end()` never resolves. The sessions end from the server side instead (the test
 * teardown drops the databases; scripts stop the server); idle clients then report the
 * termination to their pool (the primary's or a read replica's), which must not crash the
 * process, nor be reported as an outage.
 */
export const closePayload = async (payload: Payload): Promise<void> => {
  await stopCacheListener(payload)
  for (const { pool } of poolsOf(payload)) {
    const emitter = pool as unknown as NodeJS.EventEmitter
    emitter.removeAllListeners('error')
    emitter.on('error', () => undefined)
  }
  await payload.destroy()
}
