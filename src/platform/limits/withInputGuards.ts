import type { CollectionConfig, GlobalConfig, Payload } from 'payload'

import { internalSlugs } from '../../utilities/payloadInternals'

import { guardCollectionOperation, guardGlobalOperation } from './guardInput'

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

/**
 * Payload adds its folders, jobs, locked-documents and preferences collections after every plugin has run,
 * so their input guard is added on the started app (an operation reads the hooks each time).
 */
export const guardInternalCollections = (payload: Payload): void => {
  for (const slug of [
    internalSlugs.lockedDocuments,
    internalSlugs.preferences,
    internalSlugs.jobs,
  ]) {
    const collection = payload.collections[slug]?.config
    if (collection && !collection.hooks.beforeOperation?.includes(guardCollectionOperation)) {
      collection.hooks.beforeOperation = [
        guardCollectionOperation,
        ...(collection.hooks.beforeOperation ?? []),
      ]
    }
  }
}
