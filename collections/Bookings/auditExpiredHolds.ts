import type { PayloadRequest } from 'payload'

import { writeAuditLog } from '../../src/audit/writeAuditLog'
import { slugs } from '../../src/slugs'

/**
 * Holds expired by raw SQL (the expiry job, or a claim that reclaims lapsed seats) skip Payload's
 * hooks, so they are written to the audit log here, in the same transaction, as system changes
 * (no one's address: the one-statement booking writes the same rows, bookDirectly.ts).
 */
export const auditExpiredHolds = async (req: PayloadRequest, ids: string[]): Promise<void> => {
  for (const id of ids) {
    await writeAuditLog(req, {
      action: 'update',
      changes: { status: { from: 'pending', to: 'expired' } },
      collection: slugs.bookings,
      documentId: id,
      userId: null,
      withoutActor: true,
    })
  }
}
