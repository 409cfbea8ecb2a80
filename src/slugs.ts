/** Collection and global slugs, shared by configs, `relationTo`, hooks and tests. */
export const slugs = {
  auditLogs: 'audit-logs',
  bookings: 'bookings',
  events: 'events',
  media: 'media',
  tags: 'tags',
  users: 'users',
  venues: 'venues',
} as const

export type PluginCollectionSlug = (typeof slugs)[keyof typeof slugs]
