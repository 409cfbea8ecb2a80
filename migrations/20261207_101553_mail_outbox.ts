import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'
import { mailRulesDown, mailRulesUp } from 'payload-events-cms/migrations'

const rules = { idType: 'uuid', mediaTable: 'media', usersTable: 'users' } as const

/**
 * The mail outbox: the mail log (the dev mailbox without SMTP) and the editable templates
 * (generated), then the rules that queue mail in PostgreSQL (hand-written): the triggers on
 * bookings and events that insert a `sendMail` job with the change, and the events' calendar
 * sequence.
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_mails_kind" AS ENUM('booking-confirmed', 'hold-reminder', 'booking-cancelled', 'booking-refunded', 'event-changed', 'event-cancelled', 'password-reset', 'verify-email', 'form-notification', 'other');
  CREATE TYPE "public"."enum_mails_status" AS ENUM('queued', 'sending', 'sent', 'retrying', 'failed', 'skipped');
  CREATE TYPE "public"."enum_mail_templates_kind" AS ENUM('booking-confirmed', 'hold-reminder', 'booking-cancelled', 'booking-refunded', 'event-changed', 'event-cancelled', 'password-reset', 'verify-email');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendMail' BEFORE 'maintainAuditPartitions';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendMail' BEFORE 'maintainAuditPartitions';
  CREATE TABLE "mails" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"kind" "enum_mails_kind" NOT NULL,
  	"status" "enum_mails_status" NOT NULL,
  	"attempts" numeric DEFAULT 0 NOT NULL,
  	"to" varchar,
  	"subject" varchar,
  	"booking_id" uuid,
  	"submission_id" uuid,
  	"recipient_id" uuid,
  	"version" numeric,
  	"dedupe_key" varchar,
  	"message_id" varchar,
  	"transport" varchar,
  	"error" varchar,
  	"sent_at" timestamp(3) with time zone,
  	"claimed_until" timestamp(3) with time zone,
  	"html" varchar,
  	"text" varchar,
  	"attachments" jsonb,
  	"envelope" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "mail_templates" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"kind" "enum_mail_templates_kind" NOT NULL,
  	"enabled" boolean DEFAULT true,
  	"subject" varchar NOT NULL,
  	"body" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "mails_id" uuid;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "mail_templates_id" uuid;
  ALTER TABLE "mails" ADD CONSTRAINT "mails_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "mails" ADD CONSTRAINT "mails_submission_id_form_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."form_submissions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "mails" ADD CONSTRAINT "mails_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "mails_booking_idx" ON "mails" USING btree ("booking_id");
  CREATE INDEX "mails_submission_idx" ON "mails" USING btree ("submission_id");
  CREATE INDEX "mails_recipient_idx" ON "mails" USING btree ("recipient_id");
  CREATE UNIQUE INDEX "mails_dedupe_key_idx" ON "mails" USING btree ("dedupe_key");
  CREATE INDEX "mails_updated_at_idx" ON "mails" USING btree ("updated_at");
  CREATE INDEX "mails_created_at_idx" ON "mails" USING btree ("created_at");
  CREATE INDEX "status_createdAt_idx" ON "mails" USING btree ("status","created_at");
  CREATE UNIQUE INDEX "mail_templates_kind_idx" ON "mail_templates" USING btree ("kind");
  CREATE INDEX "mail_templates_updated_at_idx" ON "mail_templates" USING btree ("updated_at");
  CREATE INDEX "mail_templates_created_at_idx" ON "mail_templates" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_mails_fk" FOREIGN KEY ("mails_id") REFERENCES "public"."mails"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_mail_templates_fk" FOREIGN KEY ("mail_templates_id") REFERENCES "public"."mail_templates"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_mails_id_idx" ON "payload_locked_documents_rels" USING btree ("mails_id");
  CREATE INDEX "payload_locked_documents_rels_mail_templates_id_idx" ON "payload_locked_documents_rels" USING btree ("mail_templates_id");`)
  await db.execute(sql.raw(mailRulesUp(rules)))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(mailRulesDown(rules)))
  // Mail jobs go with the task they name (the enum below loses the value).
  await db.execute(sql`DELETE FROM payload_jobs WHERE task_slug::text = 'sendMail'`)
  await db.execute(sql`DELETE FROM payload_jobs_log WHERE task_slug::text = 'sendMail'`)
  await db.execute(sql`
   ALTER TABLE "mails" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "mail_templates" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "mails" CASCADE;
  DROP TABLE "mail_templates" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_mails_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_mail_templates_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'maintainAuditPartitions', 'applyRetention', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'maintainAuditPartitions', 'applyRetention', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_mails_id_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_mail_templates_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "mails_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "mail_templates_id";
  DROP TYPE "public"."enum_mails_kind";
  DROP TYPE "public"."enum_mails_status";
  DROP TYPE "public"."enum_mail_templates_kind";`)
}
