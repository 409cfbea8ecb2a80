import type { Migration } from 'payload'

import { migrations } from '../../migrations/index'

/**
 * The generated index types each migration with db-postgres' argument types, while
 * `payload.db.migrate` takes the adapter-neutral `Migration`; the shapes match at run time.
 */
export const appMigrations = migrations as unknown as Migration[]
