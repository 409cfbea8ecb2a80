import {
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type PayloadRequest,
} from 'payload'

import { findReferences, type Reference } from '../../src/db/findReferences'
import { PublicError } from '../../src/utilities/publicError'

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_')

/** Table -> what to call its documents and which column titles them, from the live config. */
const describeTables = (req: PayloadRequest) => {
  const tables = new Map<string, { label: string; titleColumn?: string }>()
  for (const { slug, admin } of req.payload.config.collections) {
    const title = admin?.useAsTitle && admin.useAsTitle !== 'id' ? snake(admin.useAsTitle) : undefined
    tables.set(snake(slug), { label: slug, titleColumn: title })
  }
  for (const { slug } of req.payload.config.globals) tables.set(snake(slug), { label: slug })
  return tables
}

const describe = (reference: Reference, label: string) =>
  `${label}${reference.title ? ` "${reference.title}"` : ''}${reference.location ? ` (${reference.location})` : ''}`

/** Refuses with a 409 that names every page, event or setting still using the file. */
const refuseIfUsed = async (req: PayloadRequest, id: number | string, verb: string) => {
  const tables = describeTables(req)
  const references = await findReferences(req, 'media', id, (table) => tables.get(table)?.titleColumn)
  if (references.length === 0) return
  const places = references.map((ref) => ({
    ...ref,
    collection: tables.get(ref.root)?.label ?? ref.root,
  }))
  throw new PublicError(
    `Cannot ${verb} this file: it is still used by ${places
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
    }
  )
}

export const refuseDeleteWhileUsed: CollectionBeforeDeleteHook = ({ id, req }) =>
  refuseIfUsed(req, id, 'delete')

/** Moving to the trash goes through update, not delete; it is refused the same way. */
export const refuseTrashWhileUsed: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation === 'update' && data.deletedAt && !originalDoc?.deletedAt && originalDoc?.id) {
    await refuseIfUsed(req, originalDoc.id as string, 'move to the trash')
  }
  return data
}
