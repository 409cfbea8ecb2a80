import type { Block, UploadCollectionSlug } from 'payload'

import { alignmentField, hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

export const imageWidths = ['small', 'medium', 'wide', 'full'] as const

/** Needs a media collection; without one the page builder offers no image block. */
export const createImageBlock = (mediaSlug: UploadCollectionSlug): Block => ({
  slug: 'image',
  ...thumbnailOf('image', 'One picture with a caption'),
  interfaceName: 'ImageBlock',
  graphQL: { singularName: 'ImageBlock' },
  fields: [
    { name: 'media', type: 'upload', relationTo: mediaSlug, required: true },
    { name: 'caption', type: 'text', maxLength: 300 },
    {
      name: 'alt',
      type: 'text',
      admin: { description: "Overrides the media's alt text here." },
      maxLength: 300,
    },
    alignmentField('center'),
    {
      name: 'width',
      type: 'select',
      defaultValue: 'medium',
      options: imageWidths.map((value) => ({ label: value, value })),
      required: true,
    },
    hiddenField,
  ],
})
