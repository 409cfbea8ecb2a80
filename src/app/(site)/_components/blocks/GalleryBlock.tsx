import type { GalleryBlock as GalleryBlockData } from '../../../../../payload-types'
import { asMedia, mediaUrl } from '../../_lib/media'

export const GalleryBlock = ({ block }: { block: GalleryBlockData }) => (
  <section
    className={`block gallery spacing-${block.spacing}`}
    style={{ gridTemplateColumns: `repeat(${block.columns}, minmax(0, 1fr))` }}
  >
    {block.images.map((item) => {
      const media = asMedia(item.image)
      const src = mediaUrl(media, 'card')
      return media && src ? (
        <figure key={item.id ?? src}>
          <img alt={media.alt} loading="lazy" src={src} />
          {item.caption ? <figcaption>{item.caption}</figcaption> : null}
        </figure>
      ) : null
    })}
  </section>
)
