import { AsyncLocalStorage } from 'node:async_hooks'

import { processWide } from './processWide'

/**
 * With read replicas (db-postgres `readReplicas`), which reads may go to a replica. Payload sends
 * every select outside a transaction to a random replica (and, for 2 s after a write, this
 * process's reads to the primary). A replica lags the primary by a little, so three kinds of read
 * go to the primary here instead: whatever a signed-in client asks (their own booking, right
 * after they made it, from whichever app server), anything during a write, and what fills the
 * public cache (a lagging copy there would outlive the lag).
 */
export const primaryReads = processWide('primaryReads', () => new AsyncLocalStorage<true>())

/** Runs `work` with every read it makes on the primary. */
export const readingFromPrimary = <T>(work: () => Promise<T>): Promise<T> =>
  primaryReads.getStore() ? work() : primaryReads.run(true, work)
