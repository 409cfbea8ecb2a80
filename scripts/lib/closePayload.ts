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
    // The pool and each of its clients (the platform reports a lost connection on both).
    const clients = (pool as unknown as { _clients?: NodeJS.EventEmitter[] })._clients ?? []
    for (const emitter of [pool as unknown as NodeJS.EventEmitter, ...clients]) {
      emitter.removeAllListeners('error')
      emitter.on('error', () => undefined)
    }
  }
  await payload.destroy()
}
