import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  GlobalAfterChangeHook,
  PayloadRequest,
} from 'payload'

import { afterCommit } from '../src/utilities/afterCommit'
import { notifyCacheChange } from '../src/utilities/cacheListener'
import { type CacheTag, invalidateCache } from '../src/utilities/publicCache'

/** This instance's cache after the commit; every other instance's through NOTIFY at the commit. */
const invalidateAfterCommit = async (req: PayloadRequest, tags: readonly CacheTag[]) => {
  await notifyCacheChange(req, tags)
  await afterCommit(req, () => invalidateCache(req.payload, tags))
}

/**
 * Clears the public site's cache for `tags` once a change commits, in every app instance: the next
 * read anywhere sees the change.
 * Collections get one hook for changes (including drafts, trash and restore) and one for deletes.
 */
export const invalidatePublicCache = (tags: readonly CacheTag[]) => {
  const afterChange: CollectionAfterChangeHook = async ({ doc, req }) => {
    await invalidateAfterCommit(req, tags)
    return doc
  }
  const afterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
    await invalidateAfterCommit(req, tags)
    return doc
  }
  return { afterChange, afterDelete }
}

export const invalidatePublicCacheForGlobal =
  (tags: readonly CacheTag[]): GlobalAfterChangeHook =>
  async ({ doc, req }) => {
    await invalidateAfterCommit(req, tags)
    return doc
  }
