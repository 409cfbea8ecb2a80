import type { Block } from 'payload'

import { uploadField } from '../fields/uploadField'
import type { PluginSettings } from '../settings'
import { validLink } from '../fields/validators'
import { alignmentField, hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

export const createHeroBlock = (settings: Pick<PluginSettings, 'slugs'>): Block => ({
  slug: 'hero',
  ...thumbnailOf('hero', 'A large heading with a subheading and a button over a dark background'),
  interfaceName: 'HeroBlock',
  graphQL: { singularName: 'HeroBlock' },
  fields: [
    { name: 'heading', type: 'text', maxLength: 120, required: true },
    { name: 'subheading', type: 'textarea', maxLength: 300 },
    ...uploadField(settings, { name: 'backgroundImage' }),
    {
      name: 'cta',
      type: 'group',
      label: 'Call to action',
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'text', type: 'text', maxLength: 60 },
            {
              name: 'link',
              type: 'text',
              admin: { description: '"/events" or https://...' },
              validate: validLink('CTA link'),
            },
          ],
        },
      ],
    },
    alignmentField('center'),
    hiddenField,
  ],
})
