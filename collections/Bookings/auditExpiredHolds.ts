import type { PayloadRequest } from 'payload'

import { auditAllIfKept } from '../../src/audit/writeAuditLog'
import { slugs } from '../../src/slugs'

/**
 * Holds expired by raw SQL (the expiry job, or a claim that reclaims lapsed seats or a lapsed
 * appointment's time) skip Payload's hooks, so they are written to the audit log here, in the same
 * transaction, as system changes (no one's address: the one-statement booking writes the same
 * rows, bookDirectly.ts), all in one statement. Nothing when the app has no audit log.
 */
export const auditExpiredHolds = (
  req: PayloadRequest,
  ids: string[],
  collection: string = slugs.bookings,
): Promise<void> =>
  auditStatusChanges(
    req,
    ids.map((id) => ({ from: 'pending', id, to: 'expired' })),
    collection,
  )

/** Status changes raw SQL made, audited as system changes (see above). */
export const auditStatusChanges = (
  req: PayloadRequest,
  changes: { from: string; id: string; to: string }[],
  collection: string = slugs.bookings,
): Promise<void> =>
  auditAllIfKept(
    req,
    changes.map(({ from, id, to }) => ({
      action: 'update' as const,
      changes: { status: { from, to } },
      collection,
      documentId: id,
      userId: null,
      withoutActor: true,
    })),
  )
