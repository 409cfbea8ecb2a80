import type { CollectionConfig, GlobalConfig } from 'payload'

import {
  refuseUnstorableText,
  refuseUnstorableTextInGlobal,
} from '../../hooks/refuseUnstorableText'

/**
 * Every collection and global refuses text PostgreSQL cannot store (NUL bytes, lone surrogates)
 * with a 400 naming the field, before any other hook runs.
 */
export const withInputGuards = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  hooks: {
    ...collection.hooks,
    beforeValidate: [refuseUnstorableText, ...(collection.hooks?.beforeValidate ?? [])],
  },
})

export const globalWithInputGuards = (global: GlobalConfig): GlobalConfig => ({
  ...global,
  hooks: {
    ...global.hooks,
    beforeValidate: [refuseUnstorableTextInGlobal, ...(global.hooks?.beforeValidate ?? [])],
  },
})
