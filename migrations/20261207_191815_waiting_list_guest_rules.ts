import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'
import { waitingListGuestRulesDown, waitingListGuestRulesUp } from 'payload-events-cms/migrations'

/**
 * The rules of guests' waiting-list requests (hand-written; the columns and the `unconfirmed`
 * status came in the migration before, committed first): an unconfirmed request has an address
 * and no account, one per address, event and type.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(waitingListGuestRulesUp()))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(waitingListGuestRulesDown()))
}
