import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import { auditPartitionsDown, auditPartitionsUp } from 'payload-events-cms/migrations'

/** The reference app's ids are UUIDs; these rules were applied piece by piece before the helper. */
const rules = { idType: 'uuid', mediaTable: 'media', usersTable: 'users' } as const

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'maintainAuditPartitions' BEFORE 'schedulePublish';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'maintainAuditPartitions' BEFORE 'schedulePublish';`)
  await db.execute(sql.raw(auditPartitionsUp(rules)))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(auditPartitionsDown(rules)))
  // The enum loses the task's value below: its queued jobs and their log go first.
  await db.execute(sql`
  DELETE FROM "payload_jobs_log" WHERE "task_slug" = 'maintainAuditPartitions';
  DELETE FROM "payload_jobs" WHERE "task_slug" = 'maintainAuditPartitions';
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";`)
}
