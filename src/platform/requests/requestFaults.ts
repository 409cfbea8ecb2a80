import { AsyncLocalStorage } from 'node:async_hooks'

import type { DatabaseFault } from '../database/databaseFaults'
import { processWide } from '../../utilities/processWide'

/**
 * What went wrong inside one request that the route wrapper must know about after Payload has
 * answered: a database fault reported by the error hook (the wrapper then adds Retry-After, and
 * answers a GraphQL request with nothing but that fault with HTTP 503 instead of 200), or
 * credentials that could not be checked because the database was down (then a 503 whatever Payload
 * answered: it took the client for anonymous).
 */
type RequestFaults = { fault?: DatabaseFault; signInUnchecked?: boolean }

const storage = processWide('requestFaults', () => new AsyncLocalStorage<RequestFaults>())

export const withRequestFaults = <T>(work: () => Promise<T>): [RequestFaults, Promise<T>] => {
  const state: RequestFaults = {}
  return [state, storage.run(state, work)]
}

/** Called by the error hook; outside a wrapped route (Local API, jobs) it does nothing. */
export const reportDatabaseFault = (fault: DatabaseFault): void => {
  const state = storage.getStore()
  if (state && (!state.fault || fault.retryAfter > state.fault.retryAfter)) state.fault = fault
}

/** Called by the outage check after the auth strategies found no user for given credentials. */
export const reportSignInUnchecked = (): void => {
  const state = storage.getStore()
  if (state) state.signInUnchecked = true
}
