import type { CollectionAfterReadHook } from 'payload'

import { canEditPages } from '../../src/access/pageAccess'

type Block = { hidden?: boolean | null }

/** Readers who cannot edit pages never receive hidden blocks (REST, GraphQL and Local API). */
export const hideBlocksAfterRead: CollectionAfterReadHook = ({ doc, req }) => {
  if (canEditPages(req) || !Array.isArray(doc.layout)) return doc
  return { ...doc, layout: (doc.layout as Block[]).filter((block) => !block.hidden) }
}
