import type { Block } from 'payload'

import { validateSafeRichText } from '../fields/safeLinks'
import { alignmentField, hiddenField } from './sharedFields'

export const RichTextBlock: Block = {
  slug: 'richText',
  interfaceName: 'RichTextBlock',
  graphQL: { singularName: 'RichTextBlock' },
  fields: [
    { name: 'content', type: 'richText', required: true, validate: validateSafeRichText },
    alignmentField(),
    hiddenField,
  ],
}
