import type { CollectionConfig } from 'payload'

import type { CollectionExtension } from './options'

/** Applies an app's `fields` and `override` extension to one of the plugin's collections. */
export const applyExtension = (
  collection: CollectionConfig,
  extension: CollectionExtension | undefined,
): CollectionConfig => {
  const withFields = extension?.fields
    ? { ...collection, fields: extension.fields({ defaultFields: collection.fields }) }
    : collection
  return extension?.override ? extension.override({ defaultCollection: withFields }) : withFields
}
