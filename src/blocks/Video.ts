import type { Block } from 'payload'

import { uploadField } from '../fields/uploadField'
import type { PluginSettings } from '../settings'
import { parseVideoUrl } from '../utilities/videoUrl'
import { hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

export const createVideoBlock = (settings: Pick<PluginSettings, 'slugs'>): Block => ({
  slug: 'video',
  ...thumbnailOf('video', 'A video player with a play button'),
  interfaceName: 'VideoBlock',
  graphQL: { singularName: 'VideoBlock' },
  fields: [
    {
      name: 'url',
      type: 'text',
      admin: {
        description:
          'YouTube or Vimeo link, an https link to an .mp4/.webm/.ogg file, or a path to one on this site (/videos/night.mp4).',
      },
      required: true,
      validate: (value: null | string | undefined) =>
        value && parseVideoUrl(value)
          ? true
          : 'Video URL must be a YouTube or Vimeo video link, or an https link or a path on this site to an .mp4, .webm, .ogg or .mov file.',
    },
    ...uploadField(settings, { name: 'thumbnail' }),
    { name: 'caption', type: 'text', maxLength: 300 },
    hiddenField,
  ],
})
