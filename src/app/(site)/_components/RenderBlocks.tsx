import type { Page } from '../../../../payload-types.js'
import { ContactFormBlock } from './blocks/ContactFormBlock.js'
import { EventListBlock } from './blocks/EventListBlock.js'
import { GalleryBlock } from './blocks/GalleryBlock.js'
import { HeroBlock } from './blocks/HeroBlock.js'
import { ImageBlock } from './blocks/ImageBlock.js'
import { RichTextBlock } from './blocks/RichTextBlock.js'
import { VideoBlock } from './blocks/VideoBlock.js'

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
