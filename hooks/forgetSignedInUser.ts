import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterLogoutHook,
  PayloadRequest,
} from 'payload'

import { forgetSignedIn } from '../src/auth/rememberSignedIn'
import { afterCommit } from '../src/utilities/afterCommit'
import { notifyCacheChange } from '../src/utilities/cacheListener'

/** Every app server forgets the account's remembered sign-ins once the change commits. */
const forget = async (req: PayloadRequest, id: number | string) => {
  await notifyCacheChange(req, [], [String(id)])
  await afterCommit(req, () => forgetSignedIn(req.payload, [String(id)]))
}

/**
 * An account that changes (its role, password, trash), is deleted or logs out must never be
 * served from a remembered sign-in again (src/auth/rememberSignedIn.ts). A new account has none.
 */
export const forgetSignedInUser = {
  afterChange: (async ({ doc, operation, req }) => {
    if (operation === 'update') await forget(req, doc.id)
    return doc
  }) satisfies CollectionAfterChangeHook,
  afterDelete: (async ({ doc, req }) => {
    await forget(req, doc.id)
    return doc
  }) satisfies CollectionAfterDeleteHook,
  afterLogout: (async ({ req }) => {
    if (req.user) await forget(req, req.user.id)
  }) satisfies CollectionAfterLogoutHook,
}
