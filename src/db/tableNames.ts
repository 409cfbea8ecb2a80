import type { Payload } from 'payload'

import { adapterTableName } from '../utilities/payloadInternals'

/** Payload's table name for a slug ("form-submissions" -> form_submissions, "blogPosts" -> blog_posts). */
const snakeCase = (slug: string): string =>
  slug
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase()

/** The table of a collection or global, as the adapter named it (`dbName` included). */
export const tableName = (payload: Pick<Payload, 'db'>, slug: string): string => {
  const key = snakeCase(slug)
  return adapterTableName(payload, key) ?? key
}

/**
 * The column of a `_rels` table that points at the accounts collection (Payload names it after
 * the target's table: `users_id`, or `customers_id` for an app's own `customers`).
 */
export const accountsRelColumn = (payload: Pick<Payload, 'config' | 'db'>): string =>
  `${tableName(payload, (payload.config.custom?.eventsCms as { slugs: { users: string } }).slugs.users)}_id`
