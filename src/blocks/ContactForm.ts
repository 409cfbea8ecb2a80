import type { Block, CollectionSlug } from 'payload'

import { hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

/**
 * A form from @payloadcms/plugin-form-builder: the form holds the fields, submit text, recipients
 * (its emails) and the success message; submissions are stored in `form-submissions`.
 */
export const createContactFormBlock = (formsSlug: CollectionSlug): Block => ({
  slug: 'contactForm',
  ...thumbnailOf('contactForm', 'A form with name, email and message fields and a send button'),
  interfaceName: 'ContactFormBlock',
  graphQL: { singularName: 'ContactFormBlock' },
  fields: [
    { name: 'form', type: 'relationship', relationTo: formsSlug, required: true },
    { name: 'heading', type: 'text', maxLength: 120 },
    { name: 'intro', type: 'textarea', maxLength: 500 },
    hiddenField,
  ],
})
