import { AsyncLocalStorage } from 'node:async_hooks'

import type { Payload } from 'payload'

import { processWide } from '../utilities/processWide'
import { postgresAdapterOf } from '../utilities/transactionDb'

/**
 * With read replicas (db-postgres `readReplicas`), which reads may go to a replica. Payload sends
 * every select outside a transaction to a random replica (and, for 2 s after a write, this
 * process's reads to the primary). A replica lags the primary by a little, so three kinds of read
 * go to the primary here instead: whatever a signed-in client asks (their own booking, right
 * after they made it, from whichever app server), anything during a write, and what fills the
 * public cache (a lagging copy there would outlive the lag).
 */
const primaryReads = processWide('primaryReads', () => new AsyncLocalStorage<true>())

/** Runs `work` with every read it makes on the primary. */
export const readingFromPrimary = <T>(work: () => Promise<T>): Promise<T> =>
  primaryReads.getStore() ? work() : primaryReads.run(true, work)

/** What drizzle's `withReplicas` sends to a replica. */
const REPLICATED = new Set<PropertyKey>([
  'select',
  'selectDistinct',
  'selectDistinctOn',
  '$count',
  'with',
  '$with',
  'query',
])

type Replicated = { $primary?: object; $replicas?: object[] }

/** Makes the adapter's replica routing ask `readingFromPrimary` first. Call once connected. */
export const routeReads = (payload: Payload): void => {
  const adapter = postgresAdapterOf(payload) as unknown as { drizzle?: Replicated }
  const replicated = adapter.drizzle
  const primary = replicated?.$primary
  if (!replicated || !primary || !replicated.$replicas?.length) return
  adapter.drizzle = new Proxy(replicated, {
    get: (target, property, receiver) => {
      if (!primaryReads.getStore() || !REPLICATED.has(property)) {
        return Reflect.get(target, property, receiver)
      }
      const value = Reflect.get(primary, property, primary) as unknown
      return typeof value === 'function' ? value.bind(primary) : value
    },
  })
}
