import type { Block } from 'payload'

import type { PluginSettings } from '../settings.js'
import { createContactFormBlock } from './ContactForm.js'
import { EventListBlock } from './EventList.js'
import { createGalleryBlock } from './Gallery.js'
import { createHeroBlock } from './Hero.js'
import { createImageBlock } from './Image.js'
import { RichTextBlock } from './RichText.js'
import { createVideoBlock } from './Video.js'

/**
 * Every block a page's layout can hold, in the order the admin offers them. Image and gallery
 * need a media collection, the contact form the form builder's forms.
 */
export const createPageBlocks = (settings: Pick<PluginSettings, 'parts' | 'slugs'>): Block[] => {
  const media = settings.slugs.media
  return [
    createHeroBlock(settings),
    RichTextBlock,
    ...(media ? [createImageBlock(media)] : []),
    createVideoBlock(settings),
    ...(media ? [createGalleryBlock(media)] : []),
    ...(settings.parts.forms ? [createContactFormBlock(settings.slugs.forms)] : []),
    EventListBlock,
  ]
}

export {
  createContactFormBlock,
  createGalleryBlock,
  createHeroBlock,
  createImageBlock,
  createVideoBlock,
  EventListBlock,
  RichTextBlock,
}
