import type { Block } from 'payload'

import { validateSafeRichText } from '../fields/safeLinks'
import { alignmentField, hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

export const RichTextBlock: Block = {
  slug: 'richText',
  ...thumbnailOf('richText', 'A heading and paragraphs of text'),
  interfaceName: 'RichTextBlock',
  graphQL: { singularName: 'RichTextBlock' },
  fields: [
    { name: 'content', type: 'richText', required: true, validate: validateSafeRichText },
    alignmentField(),
    hiddenField,
  ],
}
