import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "appointments" ADD COLUMN "idempotency_key" varchar;
  CREATE UNIQUE INDEX "customer_idempotencyKey_idx" ON "appointments" USING btree ("customer_id","idempotency_key");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "customer_idempotencyKey_idx";
  ALTER TABLE "appointments" DROP COLUMN "idempotency_key";`)
}
