import type { CollectionSlug, Payload, SelectType } from 'payload'

import type { DocId } from '../utilities/ids'
import { type CacheTag, cached } from '../utilities/publicCache'

/**
 * Documents of `collection` as an anonymous visitor reads them (null for one they cannot read),
 * each from the public cache under `keyOf(id)` until one of `tags` changes; the ones not cached
 * are loaded together with ONE find (a cold page of ten is one query, not ten). Resolves in the
 * order of `ids`. `keepUnreadable`: keep the nulls too (only for ids read from stored rows: a
 * client's ids must not grow the cache).
 */
export const cachedAnonymousDocs = <T>(
  payload: Payload,
  ids: DocId[],
  {
    collection,
    depth,
    keepUnreadable = false,
    keyOf,
    select,
    tags,
  }: {
    collection: CollectionSlug
    depth: number
    keepUnreadable?: boolean
    keyOf: (id: DocId) => string
    select?: SelectType
    tags: readonly CacheTag[]
  },
): Promise<(null | T)[]> => {
  const missing: DocId[] = []
  let batch: Promise<Map<string, T>> | undefined
  // `cached` calls the loader synchronously on a miss, so every miss is listed before the find
  // starts on the next microtask.
  const load = (id: DocId) => {
    missing.push(id)
    batch ??= Promise.resolve().then(async () => {
      const { docs } = await payload.find({
        collection,
        depth,
        limit: missing.length,
        overrideAccess: false,
        pagination: false,
        ...(select ? { select } : {}),
        where: { id: { in: missing } },
      })
      return new Map(docs.map((doc) => [String(doc.id), doc as unknown as T]))
    })
    return batch.then((found) => found.get(String(id)) ?? null)
  }
  return Promise.all(
    ids.map((id) =>
      cached(payload, keyOf(id), tags, () => load(id), {
        keepIf: (doc) => keepUnreadable || doc !== null,
      }),
    ),
  )
}
