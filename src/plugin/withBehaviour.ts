import type { CollectionConfig, GlobalConfig } from 'payload'

/** Keeps the schema (collections, fields) but drops behaviour, so a disabled plugin needs no migration. */
export const withoutBehaviour = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  endpoints: [],
  hooks: {},
})

export const globalWithoutBehaviour = (global: GlobalConfig): GlobalConfig => ({
  ...global,
  endpoints: [],
  hooks: {},
})
