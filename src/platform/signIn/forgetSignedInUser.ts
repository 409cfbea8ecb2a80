import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterLogoutHook,
  PayloadRequest,
} from 'payload'

import { announceChange } from '../../utilities/cacheChanges'

/** Every app server forgets the account's remembered sign-ins once the change commits. */
const forget = (req: PayloadRequest, id: number | string) =>
  announceChange(req, { users: [String(id)] })

/**
 * An account that changes (its role, password, trash), is deleted or logs out must never be
 * served from a remembered sign-in again (./rememberSignedIn.ts). A new account has none.
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
