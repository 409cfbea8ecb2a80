import type { ContactFormBlock as ContactFormBlockData, Form } from '../../../../../payload-types'
import { ContactFormClient } from './ContactFormClient'

export const ContactFormBlock = ({ block }: { block: ContactFormBlockData }) => {
  if (typeof block.form !== 'object' || !block.form) return null
  return (
    <section className="block contact">
      {block.heading ? <h2>{block.heading}</h2> : null}
      {block.intro ? <p>{block.intro}</p> : null}
      <ContactFormClient form={block.form as Form} />
    </section>
  )
}
