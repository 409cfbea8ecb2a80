import { createLocalReq, type Payload } from 'payload'

import { AUDIT_ORIGIN } from '../../src/audit/requestInfo'
import { inTransaction } from '../../src/utilities/inTransaction'
import { perApp } from '../../src/utilities/processWide'
import { expireLapsedHolds } from './expireLapsedHolds'

/**
 * Lapsed seats a read may find subtracting before it asks for its event's holds to be expired at
 * once. Until the expiry job runs (every minute), every read of an event sums its lapsed holds:
 * after a rush of unpaid holds lapsing (a sale's), that is tens of ms of PostgreSQL per read
 * (50 ms at 10,000 holds, measured). A few lapsed seats cost nothing worth a write.
 */
export const EXPIRE_SOON_LAPSED_SEATS = 50

/** How often one app server asks again for one event. */
const ASK_EVERY_MS = 5_000

const askedAt = perApp('expireHoldsSoon', () => new Map<string, number>())

/**
 * Expires the lapsed holds of the events a read found with many lapsed seats
 * (`[event id, lapsed seats]`), in the background: the read answers at once, the next reads of
 * those events need no sum. The same work as the expiry job (expireLapsedHolds.ts, audited as a
 * job's); a failure is logged and left to the job.
 */
export const expireHoldsSoon = (
  payload: Payload,
  lapsed: Iterable<readonly [event: string, seats: number]>,
): void => {
  const asked = askedAt(payload)
  const now = Date.now()
  const due = [...lapsed]
    .filter(
      ([event, seats]) =>
        seats >= EXPIRE_SOON_LAPSED_SEATS && now - (asked.get(event) ?? 0) >= ASK_EVERY_MS,
    )
    .map(([event]) => event)
  if (due.length === 0) return
  if (asked.size > 10_000) {
    for (const [event, at] of asked) if (now - at >= ASK_EVERY_MS) asked.delete(event)
  }
  for (const event of due) asked.set(event, now)
  void (async () => {
    const req = await createLocalReq({ context: { [AUDIT_ORIGIN]: 'job' } }, payload)
    await inTransaction(req, () => expireLapsedHolds(req, due))
  })().catch((error: unknown) =>
    payload.logger.warn(
      { err: error },
      'lapsed holds: expiring them early failed; the expiry job will',
    ),
  )
}
