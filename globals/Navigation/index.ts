import type { Field, GlobalConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { anyone } from '../../src/access/anyone'
import { validLink } from '../../src/fields/validators'
import type { PluginSettings } from '../../src/settings'
import { globalSlugs } from '../../src/slugs'
import { isSafeLinkUrl } from '../../src/utilities/safeLinkUrl'

export const navigationLinkKinds = ['page', 'event', 'url'] as const

/** A link to a page, an event or an address (a path of the site or http(s), never `javascript:`). */
const links = (settings: PluginSettings, name: string, maxRows: number): Field => ({
  name,
  type: 'array',
  admin: { initCollapsed: true },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'label', type: 'text', maxLength: 60, required: true },
        {
          name: 'kind',
          type: 'select',
          defaultValue: 'page',
          options: [...navigationLinkKinds],
          required: true,
        },
      ],
    },
    {
      name: 'page',
      type: 'relationship',
      admin: { condition: (_, row) => row?.kind === 'page' },
      relationTo: settings.slugs.pages,
    },
    {
      name: 'event',
      type: 'relationship',
      admin: { condition: (_, row) => row?.kind === 'event' },
      relationTo: settings.slugs.events,
    },
    {
      name: 'url',
      type: 'text',
      admin: {
        condition: (_, row) => row?.kind === 'url',
        description: 'A path of this site ("/events") or a full http(s) address.',
      },
      maxLength: 2000,
      validate: (value: null | string | undefined, { siblingData }: { siblingData: unknown }) => {
        const kind = (siblingData as { kind?: string } | undefined)?.kind
        if (kind === 'url' && !value) return 'A link of kind "url" needs an address.'
        const valid = validLink('The address')(value)
        if (valid !== true) return valid
        return !value || isSafeLinkUrl(value) ? true : 'The address is not a safe link.'
      },
    },
  ],
  maxRows,
})

/**
 * The site's menus, managed by editors: the header's links and the footer's. Each link names a
 * page or an event (shown only while it is published) or an address. Anyone reads it; admins edit
 * it. The site reads it through the public cache (`getNavigation`).
 */
export const createNavigationGlobal = (settings: PluginSettings): GlobalConfig => ({
  slug: globalSlugs.navigation,
  access: { read: anyone, update: adminsOnly },
  admin: { group: 'Settings' },
  fields: [links(settings, 'header', 8), links(settings, 'footer', 16)],
})
