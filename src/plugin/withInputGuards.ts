import type { CollectionConfig, GlobalConfig } from 'payload'

import { guardCollectionOperation, guardGlobalOperation } from '../../hooks/guardInput'

/**
 * Every collection and global checks its input before any other hook runs: text PostgreSQL cannot
 * store, oversized or too deeply nested values, unsafe rich-text links (all APIs); wrong body
 * types, credentials that are not text, malformed `where`, paging and depth, and client-set
 * timestamps (REST and GraphQL). Each is a 4xx naming the problem.
 */
export const withInputGuards = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  hooks: {
    ...collection.hooks,
    beforeOperation: [guardCollectionOperation, ...(collection.hooks?.beforeOperation ?? [])],
  },
})

export const globalWithInputGuards = (global: GlobalConfig): GlobalConfig => ({
  ...global,
  hooks: {
    ...global.hooks,
    beforeOperation: [guardGlobalOperation, ...(global.hooks?.beforeOperation ?? [])],
  },
})
