import type { CollectionBeforeOperationHook } from 'payload'

import { canEditPages } from '../../src/access/pageAccess'
import { PublicError } from '../../src/utilities/publicError'
import { sortPaths, wherePaths } from '../../src/utilities/wherePaths'

const READS = new Set(['count', 'read', 'readDistinct'])

/**
 * Readers who cannot edit pages never receive hidden blocks (hideBlocksAfterRead), so they may
 * not filter or sort on block content either: `where[layout.heading][like]=a` would otherwise
 * tell them, one guess at a time, what a hidden block says. (A block's own `hidden` flag cannot
 * be tied to the same block in a `where`, so the whole `layout` is off limits to them.)
 */
export const refuseHiddenBlockQueriesBeforeOperation: CollectionBeforeOperationHook = ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (overrideAccess || !READS.has(operation) || canEditPages(req)) return args
  const { sort, where } = args as { sort?: unknown; where?: unknown }
  const path = [...wherePaths(where), ...sortPaths(sort)].find(
    (candidate) => candidate === 'layout' || candidate.startsWith('layout.'),
  )
  if (path) {
    throw new PublicError(`Pages cannot be filtered or sorted on "${path.slice(0, 80)}".`, 400, {
      field: path.slice(0, 80),
    })
  }
  return args
}
