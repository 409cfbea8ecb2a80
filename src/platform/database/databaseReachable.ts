import type { Payload } from 'payload'

import { processWide } from '../../utilities/processWide'
import { postgresAdapterOf } from '../../utilities/transactionDb'
import { databaseFault } from './databaseFaults'

type Probe = { at: number; reachable: Promise<boolean> }
const probes = processWide('databaseProbes', () => new WeakMap<Payload, Probe>())
/** One probe answers every request of the next second: an outage is not met with a probe storm. */
const PROBE_TTL_MS = 1000

/**
 * Whether the app's database answers `SELECT 1` (within the pool's connection timeout). Only a
 * database fault counts as unreachable; any other error is not an outage.
 */
export const databaseReachable = (payload: Payload): Promise<boolean> => {
  const cached = probes.get(payload)
  if (cached && Date.now() - cached.at < PROBE_TTL_MS) return cached.reachable
  const reachable = postgresAdapterOf(payload)
    .pool.query('SELECT 1')
    .then(
      () => true,
      (error: unknown) => databaseFault(error) === undefined,
    )
  probes.set(payload, { at: Date.now(), reachable })
  return reachable
}
