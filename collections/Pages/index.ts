import type { CollectionConfig } from 'payload'

import { adminsOnlyField } from '../../src/access/adminsOnly'
import { pageEditors, readPages } from '../../src/access/pageAccess'
import { createPageBlocks } from '../../src/blocks/index'
import { publishedPageEndpoint } from './publishedPageEndpoint'
import { slugField } from '../../src/fields/slugField'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { pagePath, RESERVED_PAGE_SLUGS } from '../../src/utilities/pagePath'
import { assignAuthorBeforeChange } from './assignAuthorBeforeChange'
import { hideBlocksAfterRead } from './hideBlocksAfterRead'
import { refuseHiddenBlockQueriesBeforeOperation } from './refuseHiddenBlockQueriesBeforeOperation'
import { setPublishedAtBeforeChange } from './setPublishedAtBeforeChange'

const previewUrl = (slug: unknown) =>
  `${process.env.NEXT_PUBLIC_SERVER_URL ?? ''}${pagePath(typeof slug === 'string' ? slug : '')}?preview=true`

/**
 * Pages built from blocks. SEO meta comes from @payloadcms/plugin-seo when the app adds it for
 * `pages` (the reference app does), so the plugin declares no meta fields of its own.
 */
export const createPagesCollection = (settings: PluginSettings): CollectionConfig => ({
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
      name: 'layout',
      type: 'blocks',
      admin: { initCollapsed: false },
      blocks: createPageBlocks(settings),
      maxRows: 100,
    },
    slugField({
      from: 'title',
      reserved: RESERVED_PAGE_SLUGS,
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
      relationTo: settings.slugs.users,
    },
  ],
  hooks: {
    afterRead: [hideBlocksAfterRead],
    beforeChange: [assignAuthorBeforeChange, setPublishedAtBeforeChange],
    beforeOperation: [refuseHiddenBlockQueriesBeforeOperation],
  },
  trash: true,
  versions: {
    drafts: { autosave: { interval: 800 }, schedulePublish: true },
    maxPerDoc: 50,
  },
})
