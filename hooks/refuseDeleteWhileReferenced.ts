import { type CollectionBeforeDeleteHook, type CollectionSlug } from 'payload'
import { PublicError } from '../src/utilities/publicError'

type Args = {
  /** Collection whose documents point at the one being deleted. */
  collection: CollectionSlug
  /** Relationship field in that collection. */
  field: string
  /** Plural noun for the message, e.g. "bookings". */
  label: string
}

/**
 * Refuses to delete a document that others still reference, with a 409 that says how many. The
 * database's RESTRICT foreign keys back this up for any path that skips hooks.
 */
export const refuseDeleteWhileReferenced =
  ({ collection, field, label }: Args): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const { totalDocs } = await req.payload.count({
      collection,
      req,
      where: { [field]: { equals: id } },
    })
    if (totalDocs > 0) {
      throw new PublicError(
        `Cannot delete: ${totalDocs} ${label} still refer to it. Remove or reassign them first.`,
        409,
        { references: totalDocs },
      )
    }
  }
