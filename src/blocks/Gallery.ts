import type { Block, UploadCollectionSlug } from 'payload'

import { wholeNumberInRange } from '../fields/validators'
import { hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

export const gallerySpacings = ['none', 'small', 'medium', 'large'] as const

/** Needs a media collection; without one the page builder offers no gallery. */
export const createGalleryBlock = (mediaSlug: UploadCollectionSlug): Block => ({
  slug: 'gallery',
  ...thumbnailOf('gallery', 'A grid of six pictures'),
  interfaceName: 'GalleryBlock',
  graphQL: { singularName: 'GalleryBlock' },
  fields: [
    {
      name: 'images',
      type: 'array',
      fields: [
        { name: 'image', type: 'upload', relationTo: mediaSlug, required: true },
        { name: 'caption', type: 'text', maxLength: 300 },
      ],
      maxRows: 60,
      minRows: 1,
      required: true,
    },
    {
      type: 'row',
      fields: [
        {
          name: 'columns',
          type: 'number',
          defaultValue: 3,
          max: 6,
          min: 1,
          required: true,
          validate: wholeNumberInRange(1, 6, 'Columns'),
        },
        {
          name: 'spacing',
          type: 'select',
          defaultValue: 'medium',
          options: gallerySpacings.map((value) => ({ label: value, value })),
          required: true,
        },
      ],
    },
    hiddenField,
  ],
})
