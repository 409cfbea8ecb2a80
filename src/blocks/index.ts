import type { Block } from 'payload'

import { ContactFormBlock } from './ContactForm'
import { EventListBlock } from './EventList'
import { GalleryBlock } from './Gallery'
import { HeroBlock } from './Hero'
import { ImageBlock } from './Image'
import { RichTextBlock } from './RichText'
import { VideoBlock } from './Video'

/** Every block a page's layout can hold, in the order the admin offers them. */
export const pageBlocks: Block[] = [
  HeroBlock,
  RichTextBlock,
  ImageBlock,
  VideoBlock,
  GalleryBlock,
  ContactFormBlock,
  EventListBlock,
]

export {
  ContactFormBlock,
  EventListBlock,
  GalleryBlock,
  HeroBlock,
  ImageBlock,
  RichTextBlock,
  VideoBlock,
}
