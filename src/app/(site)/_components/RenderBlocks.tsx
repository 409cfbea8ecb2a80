import type { Page } from '../../../../payload-types'
import { ContactFormBlock } from './blocks/ContactFormBlock'
import { EventListBlock } from './blocks/EventListBlock'
import { GalleryBlock } from './blocks/GalleryBlock'
import { HeroBlock } from './blocks/HeroBlock'
import { ImageBlock } from './blocks/ImageBlock'
import { RichTextBlock } from './blocks/RichTextBlock'
import { VideoBlock } from './blocks/VideoBlock'

type Block = NonNullable<Page['layout']>[number]

const renderBlock = (block: Block) => {
  switch (block.blockType) {
    case 'hero':
      return <HeroBlock block={block} />
    case 'richText':
      return <RichTextBlock block={block} />
    case 'image':
      return <ImageBlock block={block} />
    case 'video':
      return <VideoBlock block={block} />
    case 'gallery':
      return <GalleryBlock block={block} />
    case 'contactForm':
      return <ContactFormBlock block={block} />
    case 'eventList':
      return <EventListBlock block={block} />
  }
}

/** Every visible block in array order (hidden ones are skipped here too, e.g. in draft previews). */
export const RenderBlocks = ({ blocks }: { blocks: Page['layout'] }) =>
  (blocks ?? [])
    .filter((block) => !block.hidden)
    .map((block, index) => (
      <div data-block={block.blockType} key={block.id ?? index}>
        {renderBlock(block)}
      </div>
    ))
