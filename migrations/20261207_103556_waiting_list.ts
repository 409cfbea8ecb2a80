import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'
import { waitingListRulesDown, waitingListRulesUp } from 'payload-events-cms/migrations'

const rules = { idType: 'uuid', mediaTable: 'media', usersTable: 'users' } as const

/**
 * The waiting list (generated), then its rules (hand-written): one open entry per person, event
 * and type, complete offers, and the triggers that queue offers of freed seats and offer mails.
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_waiting_list_status" AS ENUM('waiting', 'offered', 'accepted', 'expired', 'declined', 'left', 'removed', 'skipped');
  ALTER TYPE "public"."enum_mails_kind" ADD VALUE 'waitlist-offer' BEFORE 'password-reset';
  ALTER TYPE "public"."enum_mail_templates_kind" ADD VALUE 'waitlist-offer' BEFORE 'password-reset';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'offerWaitingList' BEFORE 'maintainAuditPartitions';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'offerWaitingList' BEFORE 'maintainAuditPartitions';
  CREATE TABLE "waiting_list" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"event_id" uuid NOT NULL,
  	"ticket_type_id" uuid,
  	"user_id" uuid,
  	"quantity" numeric DEFAULT 1 NOT NULL,
  	"status" "enum_waiting_list_status" DEFAULT 'waiting' NOT NULL,
  	"priority" numeric DEFAULT 0,
  	"booking_id" uuid,
  	"offers" numeric DEFAULT 0,
  	"offer_expires_at" timestamp(3) with time zone,
  	"offer_token_hash" varchar,
  	"closed_reason" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "waiting_list_id" uuid;
  ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "waiting_list_event_idx" ON "waiting_list" USING btree ("event_id");
  CREATE INDEX "waiting_list_ticket_type_idx" ON "waiting_list" USING btree ("ticket_type_id");
  CREATE INDEX "waiting_list_user_idx" ON "waiting_list" USING btree ("user_id");
  CREATE INDEX "waiting_list_booking_idx" ON "waiting_list" USING btree ("booking_id");
  CREATE INDEX "waiting_list_offer_token_hash_idx" ON "waiting_list" USING btree ("offer_token_hash");
  CREATE INDEX "waiting_list_updated_at_idx" ON "waiting_list" USING btree ("updated_at");
  CREATE INDEX "waiting_list_created_at_idx" ON "waiting_list" USING btree ("created_at");
  CREATE INDEX "event_status_createdAt_idx" ON "waiting_list" USING btree ("event_id","status","created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_waiting_list_fk" FOREIGN KEY ("waiting_list_id") REFERENCES "public"."waiting_list"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_waiting_list_id_idx" ON "payload_locked_documents_rels" USING btree ("waiting_list_id");`)
  await db.execute(sql.raw(waitingListRulesUp(rules)))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(waitingListRulesDown(rules)))
  // What names the values the enums below lose goes first.
  await db.execute(sql`
    DELETE FROM payload_jobs WHERE task_slug::text = 'offerWaitingList';
    DELETE FROM payload_jobs_log WHERE task_slug::text = 'offerWaitingList';
    DELETE FROM mails WHERE kind::text = 'waitlist-offer';
    DELETE FROM mail_templates WHERE kind::text = 'waitlist-offer';`)
  await db.execute(sql`
   ALTER TABLE "waiting_list" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "waiting_list" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_waiting_list_fk";
  
  ALTER TABLE "mails" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_mails_kind";
  CREATE TYPE "public"."enum_mails_kind" AS ENUM('booking-confirmed', 'hold-reminder', 'booking-cancelled', 'booking-refunded', 'event-changed', 'event-cancelled', 'password-reset', 'verify-email', 'form-notification', 'other');
  ALTER TABLE "mails" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_mails_kind" USING "kind"::"public"."enum_mails_kind";
  ALTER TABLE "mail_templates" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_mail_templates_kind";
  CREATE TYPE "public"."enum_mail_templates_kind" AS ENUM('booking-confirmed', 'hold-reminder', 'booking-cancelled', 'booking-refunded', 'event-changed', 'event-cancelled', 'password-reset', 'verify-email');
  ALTER TABLE "mail_templates" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_mail_templates_kind" USING "kind"::"public"."enum_mail_templates_kind";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'sendMail', 'maintainAuditPartitions', 'applyRetention', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'sendMail', 'maintainAuditPartitions', 'applyRetention', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_waiting_list_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "waiting_list_id";
  DROP TYPE "public"."enum_waiting_list_status";`)
}
