import type { CollectionBeforeChangeHook } from 'payload'

/** Stamps `publishedAt` on the first publish and keeps it on later ones (editors may set it). */
export const setPublishedAtBeforeChange: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  if (data._status === 'published' && !data.publishedAt && !originalDoc?.publishedAt) {
    return { ...data, publishedAt: new Date().toISOString() }
  }
  return data
}
