import type { Payload } from 'payload'

import { primaryReads } from '../../utilities/primaryReads'
import { replicatedDrizzleOf, setDrizzleOf } from '../../utilities/payloadInternals'

/**
 * Read replicas (db-postgres `readReplicas`): see src/utilities/primaryReads.ts for which reads go
 * to the primary instead.
 */
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

/** Makes the adapter's replica routing ask `readingFromPrimary` first. Call once connected. */
export const routeReads = (payload: Payload): void => {
  const replicated = replicatedDrizzleOf(payload)
  const primary = replicated?.$primary
  if (!replicated || !primary || !replicated.$replicas?.length) return
  setDrizzleOf(
    payload,
    new Proxy(replicated, {
      get: (target, property, receiver) => {
        if (!primaryReads.getStore() || !REPLICATED.has(property)) {
          return Reflect.get(target, property, receiver)
        }
        const value = Reflect.get(primary, property, primary) as unknown
        return typeof value === 'function' ? value.bind(primary) : value
      },
    }),
  )
}
