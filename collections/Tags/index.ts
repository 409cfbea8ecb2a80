import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { anyone } from '../../src/access/anyone'
import { staff } from '../../src/access/staff'
import { slugField } from '../../src/fields/slugField'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refreshEventSearchOnRename } from '../Events/refreshSearchAfterChange'

/** Events show their tags: cached event reads and lists go when a tag changes. */

export const createTagsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.tags,
  access: { create: staff, delete: adminsOnly, read: anyone, update: adminsOnly },
  admin: { useAsTitle: 'name' },
  fields: [
    { name: 'name', type: 'text', maxLength: 80, required: true, unique: true },
    slugField({ from: 'name' }),
  ],
  hooks: {
    afterChange: [...(settings.parts.search ? [refreshEventSearchOnRename('tags')] : [])],
  },
})
