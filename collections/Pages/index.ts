import type { CollectionConfig } from 'payload'

import { adminsOnlyField } from '../../src/access/adminsOnly'
import { pageEditors, readPages } from '../../src/access/pageAccess'
import { pageBlocks } from '../../src/blocks'
import { publishedPageEndpoint } from '../../src/endpoints/publishedPage'
import { seoFields } from '../../src/fields/seoFields'
import { slugField } from '../../src/fields/slugField'
import { slugs } from '../../src/slugs'
import { pagePath } from '../../src/utilities/pagePath'
import { invalidatePublicCache } from '../../hooks/invalidatePublicCache'
import { assignAuthorBeforeChange } from './assignAuthorBeforeChange'
import { hideBlocksAfterRead } from './hideBlocksAfterRead'
import { setPublishedAtBeforeChange } from './setPublishedAtBeforeChange'

const previewUrl = (slug: unknown) =>
  `${process.env.NEXT_PUBLIC_SERVER_URL ?? ''}${pagePath(typeof slug === 'string' ? slug : '')}?preview=true`

const cache = invalidatePublicCache(['pages'])

export const createPagesCollection = (): CollectionConfig<'pages'> => ({
  slug: slugs.pages,
  access: {
    create: pageEditors,
    delete: pageEditors,
    read: readPages,
    readVersions: pageEditors,
    update: pageEditors,
  },
  admin: {
    defaultColumns: ['title', 'slug', '_status', 'archived', 'updatedAt'],
    livePreview: { url: ({ data }) => previewUrl(data?.slug) },
    preview: (data) => previewUrl(data?.slug),
    useAsTitle: 'title',
  },
  defaultPopulate: { slug: true, title: true },
  endpoints: [publishedPageEndpoint],
  fields: [
    {
      name: 'title',
      type: 'text',
      admin: { description: 'Up to 60 characters reads best in tabs and search results.' },
      maxLength: 120,
      required: true,
    },
    {
      type: 'tabs',
      tabs: [
        {
          label: 'Content',
          fields: [
            {
              name: 'layout',
              type: 'blocks',
              admin: { initCollapsed: false },
              blocks: pageBlocks,
              maxRows: 100,
            },
          ],
        },
        { label: 'SEO', fields: [seoFields] },
      ],
    },
    slugField({
      from: 'title',
      overrides: {
        admin: {
          description: 'Generated from the title when left empty. "home" is the front page (/).',
          position: 'sidebar',
        },
      },
    }),
    {
      name: 'archived',
      type: 'checkbox',
      admin: { description: 'Hidden from the public, kept for editors.', position: 'sidebar' },
      defaultValue: false,
      index: true,
    },
    {
      name: 'publishedAt',
      type: 'date',
      admin: { date: { pickerAppearance: 'dayAndTime' }, position: 'sidebar' },
    },
    {
      name: 'author',
      type: 'relationship',
      access: { update: adminsOnlyField },
      admin: { position: 'sidebar' },
      relationTo: slugs.users,
    },
  ],
  hooks: {
    afterChange: [cache.afterChange],
    afterDelete: [cache.afterDelete],
    afterRead: [hideBlocksAfterRead],
    beforeChange: [assignAuthorBeforeChange, setPublishedAtBeforeChange],
  },
  trash: true,
  versions: {
    drafts: { autosave: { interval: 800 }, schedulePublish: true },
    maxPerDoc: 50,
  },
})
