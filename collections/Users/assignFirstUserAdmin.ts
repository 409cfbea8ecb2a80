import type { CollectionBeforeChangeHook } from 'payload'

/**
 * The first account (the one created on the admin's create-first-user screen) becomes an admin;
 * everyone else starts as a `user` because the role field is admin-only. Local API callers (seeds,
 * scripts) are trusted to set the role they mean.
 */
export const assignFirstUserAdmin: CollectionBeforeChangeHook = async ({
  collection,
  data,
  operation,
  req,
}) => {
  if (operation !== 'create' || req.payloadAPI === 'local') return data
  const { totalDocs } = await req.payload.count({ collection: collection.slug, req })
  return totalDocs === 0 ? { ...data, role: 'admin' } : data
}
