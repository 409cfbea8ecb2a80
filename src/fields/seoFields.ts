import type { Field } from 'payload'

import { slugs } from '../slugs'

/**
 * SEO meta in the shape @payloadcms/plugin-seo uses (`meta.title`, `meta.description`,
 * `meta.image`). The plugin itself is not published for Payload 3.90.2 (3.90.1 pins payload and
 * a second @payloadcms/ui, which breaks the admin), so the fields are declared here.
 */
export const seoFields: Field = {
  name: 'meta',
  type: 'group',
  label: 'SEO',
  fields: [
    {
      name: 'title',
      type: 'text',
      admin: {
        description: 'Search result title; 50-60 characters read best. Empty: the page title.',
      },
      maxLength: 120,
    },
    {
      name: 'description',
      type: 'textarea',
      admin: {
        description:
          'Search result snippet; 150-160 characters advised. Empty: the site default description.',
      },
      maxLength: 320,
    },
    {
      name: 'image',
      type: 'upload',
      admin: {
        description: 'Shared on social media (og size, 1200x630). Empty: the site default.',
      },
      relationTo: slugs.media,
    },
  ],
}
