import {
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type PayloadRequest,
} from 'payload'

import { findReferences, type Reference } from '../src/db/findReferences'
import { tableName } from '../src/db/tableNames'
import { PublicError } from '../src/utilities/publicError'

/** A field name as its column ("useAsTitle: 'altText'" -> alt_text). */
const columnName = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()

/** Table -> what to call its documents and which column titles them, from the live config. */
const describeTables = (req: PayloadRequest) => {
  const tables = new Map<string, { label: string; titleColumn?: string }>()
  for (const { slug, admin } of req.payload.config.collections) {
    const title =
      admin?.useAsTitle && admin.useAsTitle !== 'id' ? columnName(admin.useAsTitle) : undefined
    tables.set(tableName(req.payload, slug), { label: slug, titleColumn: title })
  }
  for (const { slug } of req.payload.config.globals)
    tables.set(tableName(req.payload, slug), { label: slug })
  return tables
}

const describe = (reference: Reference, label: string) =>
  `${label}${reference.title ? ` "${reference.title}"` : ''}${reference.location ? ` (${reference.location})` : ''}`

/**
 * Refuses with a 409 that names every page, event or setting still using the document (a media
 * file, a form): found through every foreign key that points at its table, so new collections and
 * blocks are covered without code.
 */
const refuseIfUsed = async (
  req: PayloadRequest,
  { slug: collection, upload }: { slug: string; upload?: unknown },
  id: number | string,
  verb: string,
) => {
  const tables = describeTables(req)
  const references = await findReferences(
    req,
    tableName(req.payload, collection),
    id,
    (table) => tables.get(table)?.titleColumn,
  )
  if (references.length === 0) return
  const places = references.map((ref) => ({
    ...ref,
    collection: tables.get(ref.root)?.label ?? ref.root,
  }))
  throw new PublicError(
    `Cannot ${verb} this ${upload ? 'file' : 'document'}: it is still used by ${places
      .map((place) => describe(place, place.collection))
      .join(', ')}. Remove it there first.`,
    409,
    {
      usedBy: places.map(({ collection, id: docId, location, title }) => ({
        collection,
        id: docId,
        location,
        title,
      })),
    },
  )
}

export const refuseDeleteWhileUsed: CollectionBeforeDeleteHook = ({ collection, id, req }) =>
  refuseIfUsed(req, collection, id, 'delete')

/** Moving to the trash goes through update, not delete; it is refused the same way. */
export const refuseTrashWhileUsed: CollectionBeforeChangeHook = async ({
  collection,
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation === 'update' && data.deletedAt && !originalDoc?.deletedAt && originalDoc?.id) {
    await refuseIfUsed(req, collection, originalDoc.id as number | string, 'move to the trash')
  }
  return data
}
