import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { mailKinds } from '../../src/mail/mailKinds'
import { placeholders, unknownPlaceholders } from '../../src/mail/renderTemplate'
import { slugs } from '../../src/slugs'
import { previewMailTemplateEndpoint } from './previewMailTemplateEndpoint'

const placeholderList = Object.entries(placeholders)
  .map(([key, meaning]) => `{{${key}}}: ${meaning}`)
  .join('; ')

/** A text may only use placeholders that exist (a typo would reach every customer). */
const knownPlaceholders = (value: null | string | undefined) => {
  const unknown = unknownPlaceholders(value ?? '')
  return unknown.length === 0
    ? true
    : `Unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => `{{${key}}}`).join(', ')}.`
}

/**
 * The words of each mail, as editors want them: one template per kind (subject and text with
 * placeholders, a blank line between paragraphs); without one, or with it switched off, the
 * plugin's own text (src/mail/mailKinds.ts). The HTML part, the site's logo and colour, the
 * booking's lines, tickets and calendar entry are added around the text.
 */
export const createMailTemplatesCollection = (): CollectionConfig => ({
  slug: slugs.mailTemplates,
  access: { create: adminsOnly, delete: adminsOnly, read: adminsOnly, update: adminsOnly },
  admin: {
    defaultColumns: ['kind', 'subject', 'enabled', 'updatedAt'],
    description: `Placeholders: ${placeholderList}.`,
    group: 'Mail',
    useAsTitle: 'kind',
  },
  endpoints: [previewMailTemplateEndpoint],
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'kind', type: 'select', options: [...mailKinds], required: true, unique: true },
        {
          name: 'enabled',
          type: 'checkbox',
          admin: { description: "Off: the plugin's own text is sent." },
          defaultValue: true,
        },
      ],
    },
    {
      name: 'subject',
      type: 'text',
      maxLength: 300,
      required: true,
      validate: knownPlaceholders,
    },
    {
      name: 'body',
      type: 'textarea',
      admin: { rows: 14 },
      maxLength: 20_000,
      required: true,
      validate: knownPlaceholders,
    },
    {
      name: 'preview',
      type: 'ui',
      admin: { components: { Field: 'payload-events-cms/client#MailTemplatePreview' } },
    },
  ],
})
