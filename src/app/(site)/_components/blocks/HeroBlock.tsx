import type { HeroBlock as HeroBlockData } from '../../../../../payload-types'
import { mediaUrl } from '../../_lib/media'

export const HeroBlock = ({ block }: { block: HeroBlockData }) => {
  const background = mediaUrl(block.backgroundImage, 'hero')
  return (
    <section
      className={`block hero align-${block.alignment}`}
      style={background ? { backgroundImage: `url("${background}")` } : undefined}
    >
      <div className="hero-inner">
        <h1>{block.heading}</h1>
        {block.subheading ? <p className="lead">{block.subheading}</p> : null}
        {block.cta?.text && block.cta.link ? (
          <a className="button" href={block.cta.link}>
            {block.cta.text}
          </a>
        ) : null}
      </div>
    </section>
  )
}
