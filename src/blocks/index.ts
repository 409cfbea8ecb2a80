import type { Block } from 'payload'

import type { PluginSettings } from '../settings'
import { createContactFormBlock } from './ContactForm'
import { EventListBlock } from './EventList'
import { createGalleryBlock } from './Gallery'
import { createHeroBlock } from './Hero'
import { createImageBlock } from './Image'
import { RichTextBlock } from './RichText'
import { createVideoBlock } from './Video'

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
