import type { ImageBlock as ImageBlockData } from '../../../../../payload-types'
import { asMedia, mediaUrl } from '../../_lib/media'

export const ImageBlock = ({ block }: { block: ImageBlockData }) => {
  const media = asMedia(block.media)
  const src = mediaUrl(media, block.width === 'full' || block.width === 'wide' ? 'hero' : 'card')
  if (!media || !src) return null
  return (
    <figure className={`block image width-${block.width} align-${block.alignment}`}>
      <img
        alt={block.alt || media.alt}
        height={media.height ?? undefined}
        src={src}
        width={media.width ?? undefined}
      />
      {block.caption ? <figcaption>{block.caption}</figcaption> : null}
    </figure>
  )
}
