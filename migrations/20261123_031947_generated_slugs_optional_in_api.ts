import { MigrateUpArgs, MigrateDownArgs } from '@payloadcms/db-postgres'

/**
 * The slug fields stopped being `required` in Payload so that GraphQL and Local API callers may
 * leave them out (the hook generates them). drizzle-kit wrote `DROP NOT NULL` for that; the
 * columns deliberately stay NOT NULL in PostgreSQL, so this migration only records the new
 * snapshot and changes nothing in the database.
 */
export async function up(_args: MigrateUpArgs): Promise<void> {}

export async function down(_args: MigrateDownArgs): Promise<void> {}
