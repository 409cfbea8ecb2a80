/** Collection and global slugs, shared by configs, `relationTo`, hooks and tests. */
export const slugs = {
  auditLogs: 'audit-logs',
  bookings: 'bookings',
  events: 'events',
  formSubmissions: 'form-submissions',
  forms: 'forms',
  media: 'media',
  pages: 'pages',
  tags: 'tags',
  users: 'users',
  venues: 'venues',
} as const

export const globalSlugs = {
  siteSettings: 'site-settings',
} as const

export type PluginCollectionSlug = (typeof slugs)[keyof typeof slugs]
