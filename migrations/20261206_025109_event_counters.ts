import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import { counterRulesDown, counterRulesUp } from 'payload-events-cms/migrations'

/**
 * next_hold_expiry (when an event's first pending hold may lapse, so reads can leave lapsed holds
 * out without a query), and the trigger that keeps both seat counters when an event is saved.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "events" ADD COLUMN "next_hold_expiry" timestamp(3) with time zone;`)
  await db.execute(sql.raw(counterRulesUp()))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(counterRulesDown()))
  await db.execute(sql`
   ALTER TABLE "events" DROP COLUMN "next_hold_expiry";`)
}
