import { ContactForm, type ContactFormDoc } from 'payload-events-cms/client'

import type { ContactFormBlock as ContactFormBlockData } from '../../../../../payload-types'

export const ContactFormBlock = ({ block }: { block: ContactFormBlockData }) => {
  if (typeof block.form !== 'object' || !block.form) return null
  return (
    <section className="block contact">
      {block.heading ? <h2>{block.heading}</h2> : null}
      {block.intro ? <p>{block.intro}</p> : null}
      <ContactForm form={block.form as ContactFormDoc} />
    </section>
  )
}
