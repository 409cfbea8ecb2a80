import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { anyone } from '../../src/access/anyone'
import { staff } from '../../src/access/staff'
import { slugs } from '../../src/slugs'
import { invalidatePublicCache } from '../../hooks/invalidatePublicCache'
import { refuseDeleteWhileUsed, refuseTrashWhileUsed } from './refuseDeleteWhileUsed'

export const mediaMimeTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']

const cache = invalidatePublicCache(['media'])

export const createMediaCollection = (): CollectionConfig<'media'> => ({
  slug: slugs.media,
  access: {
    create: staff,
    delete: adminsOnly,
    read: anyone,
    update: staff,
  },
  admin: {
    defaultColumns: ['filename', 'alt', 'mimeType', 'filesize', 'updatedAt'],
    useAsTitle: 'filename',
  },
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
  hooks: {
    afterChange: [cache.afterChange],
    afterDelete: [cache.afterDelete],
    beforeChange: [refuseTrashWhileUsed],
    beforeDelete: [refuseDeleteWhileUsed],
  },
  trash: true,
  upload: {
    focalPoint: true,
    imageSizes: [
      { name: 'thumbnail', height: 300, position: 'centre', width: 300 },
      { name: 'card', height: 480, width: 768 },
      { name: 'hero', width: 1920 },
      { name: 'og', height: 630, width: 1200 },
    ],
    mimeTypes: mediaMimeTypes,
    staticDir: 'media',
  },
})
