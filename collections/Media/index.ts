import type { CollectionConfig, ImageSize } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { anonymousListEndpoint } from '../../src/site/anonymousList'
import { anyone } from '../../src/access/anyone'
import { staff } from '../../src/access/staff'
import { prependHooks } from '../../hooks/prependHooks'
import { refuseDeleteWhileUsed, refuseTrashWhileUsed } from '../../hooks/refuseDeleteWhileUsed'
import { answerMissingFile } from './answerMissingFile'

export const mediaMimeTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']

/** The sizes the site's blocks use; added to an app's own media only with `media.imageSizes`. */
export const mediaImageSizes: ImageSize[] = [
  { name: 'thumbnail', height: 300, position: 'centre', width: 300 },
  { name: 'card', height: 480, width: 768 },
  { name: 'hero', width: 1920 },
  { name: 'og', height: 630, width: 1200 },
]

/** The plugin's access rules for media; on an app's own media, only where it has none. */
export const mediaAccess: NonNullable<CollectionConfig['access']> = {
  create: staff,
  delete: adminsOnly,
  read: anyone,
  // Organizers upload; only admins replace or edit a file (the site's logo is media too).
  update: adminsOnly,
}


/** Refuse deleting or trashing a file that is still used (its cache hooks: src/site/cacheDependencies.ts). */
const mediaBehaviour: Required<CollectionConfig>['hooks'] = {
  beforeChange: [refuseTrashWhileUsed],
  beforeDelete: [refuseDeleteWhileUsed],
}

export const createMediaCollection = (slug: string): CollectionConfig => ({
  slug,
  access: mediaAccess,
  admin: {
    defaultColumns: ['filename', 'alt', 'mimeType', 'filesize', 'updatedAt'],
    useAsTitle: 'filename',
  },
  // Anonymous lists of the library from the public cache (in front of Payload's own find).
  endpoints: [anonymousListEndpoint(slug, 'mediaList')],
  fields: [
    {
      name: 'alt',
      type: 'text',
      admin: { description: 'Describes the image for screen readers and search engines.' },
      maxLength: 300,
      required: true,
    },
  ],
  folders: true,
  hooks: mediaBehaviour,
  trash: true,
  upload: {
    focalPoint: true,
    handlers: [answerMissingFile],
    imageSizes: mediaImageSizes,
    mimeTypes: mediaMimeTypes,
    staticDir: 'media',
  },
})

/**
 * The app's own media collection, joined: its fields, upload settings and hooks stay; the plugin
 * adds the in-use refusal before the app's, its access rules where the app has
 * none, and its image sizes only when asked (`imageSizes`).
 */
export const adoptMediaCollection = (
  collection: CollectionConfig,
  { behaviour, imageSizes }: { behaviour: boolean; imageSizes: boolean },
): CollectionConfig => {
  const upload = typeof collection.upload === 'object' ? collection.upload : {}
  const existingSizes = upload.imageSizes ?? []
  const sizes = imageSizes
    ? [
        ...existingSizes,
        ...mediaImageSizes.filter(({ name }) => !existingSizes.some((size) => size.name === name)),
      ]
    : existingSizes
  return {
    ...collection,
    access: { ...mediaAccess, ...collection.access },
    // The app's own endpoints first: one of theirs at GET / answers instead.
    endpoints:
      collection.endpoints === false || !behaviour
        ? collection.endpoints
        : [...(collection.endpoints ?? []), anonymousListEndpoint(collection.slug, 'mediaList')],
    hooks: behaviour ? prependHooks(collection.hooks, mediaBehaviour) : collection.hooks,
    upload: {
      ...upload,
      handlers: [answerMissingFile, ...(upload.handlers ?? [])],
      ...(imageSizes ? { imageSizes: sizes } : {}),
    },
  }
}
