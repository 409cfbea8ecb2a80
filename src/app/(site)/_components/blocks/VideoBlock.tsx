import type { VideoBlock as VideoBlockData } from '../../../../../payload-types'
import { mediaUrl } from '../../_lib/media'
import { parseVideoUrl } from 'payload-events-cms/site'

export const VideoBlock = ({ block }: { block: VideoBlockData }) => {
  const video = parseVideoUrl(block.url)
  if (!video) return null
  const poster = mediaUrl(block.thumbnail, 'card')
  return (
    <figure className="block video">
      {video.provider === 'file' ? (
        <video controls poster={poster} preload="metadata" src={video.src} />
      ) : (
        <iframe
          allow="encrypted-media; picture-in-picture; fullscreen"
          loading="lazy"
          src={video.embedUrl}
          title={block.caption || 'Video'}
        />
      )}
      {block.caption ? <figcaption>{block.caption}</figcaption> : null}
    </figure>
  )
}
