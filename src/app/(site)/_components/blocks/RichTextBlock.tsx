import { RichText } from '@payloadcms/richtext-lexical/react'

import type { RichTextBlock as RichTextBlockData } from '../../../../../payload-types'

export const RichTextBlock = ({ block }: { block: RichTextBlockData }) => (
  <section className={`block prose align-${block.alignment}`}>
    <RichText data={block.content} />
  </section>
)
