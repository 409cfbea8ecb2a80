import type { Block } from 'payload'

import { uploadField } from '../fields/uploadField'
import type { PluginSettings } from '../settings'
import { parseVideoUrl } from '../utilities/videoUrl'
import { hiddenField } from './sharedFields'

export const createVideoBlock = (settings: Pick<PluginSettings, 'slugs'>): Block => ({
  slug: 'video',
  interfaceName: 'VideoBlock',
  graphQL: { singularName: 'VideoBlock' },
  fields: [
    {
      name: 'url',
      type: 'text',
      admin: { description: 'YouTube or Vimeo link, or an https link to an .mp4/.webm/.ogg file.' },
      required: true,
      validate: (value: null | string | undefined) =>
        value && parseVideoUrl(value)
          ? true
          : 'Video URL must be a YouTube or Vimeo video link, or an https link to an .mp4, .webm, .ogg or .mov file.',
    },
    ...uploadField(settings, { name: 'thumbnail' }),
    { name: 'caption', type: 'text', maxLength: 300 },
    hiddenField,
  ],
})
