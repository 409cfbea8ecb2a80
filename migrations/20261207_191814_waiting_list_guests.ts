import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'
import { waitingListRulesDown, waitingListRulesUp } from 'payload-events-cms/migrations'

const rules = { idType: 'uuid', mediaTable: 'media', usersTable: 'users' } as const

/**
 * Guests on waiting lists (generated): events' `waiting_list_guests`, an entry's `email` and its
 * `unconfirmed` status, the `waitlist-confirm` mail. Their rules come in the next migration: a
 * new enum value cannot be used in the transaction that adds it.
 */

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_mails_kind" ADD VALUE 'waitlist-confirm' BEFORE 'form-notification';
  ALTER TYPE "public"."enum_mail_templates_kind" ADD VALUE 'waitlist-confirm';
  ALTER TYPE "public"."enum_waiting_list_status" ADD VALUE 'unconfirmed' BEFORE 'waiting';
  ALTER TABLE "events" ADD COLUMN "waiting_list_guests" boolean DEFAULT false;
  ALTER TABLE "waiting_list" ADD COLUMN "email" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The list's partial indexes and triggers name its statuses: off while the type changes.
  await db.execute(sql.raw(waitingListRulesDown(rules)))
  // What names the values the enums below lose goes first (requests never confirmed have no account).
  await db.execute(sql`
    DELETE FROM waiting_list WHERE status::text = 'unconfirmed';
    DELETE FROM mails WHERE kind::text = 'waitlist-confirm';
    DELETE FROM mail_templates WHERE kind::text = 'waitlist-confirm';`)
  await db.execute(sql`
   ALTER TABLE "mails" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_mails_kind";
  CREATE TYPE "public"."enum_mails_kind" AS ENUM('booking-confirmed', 'hold-reminder', 'booking-cancelled', 'booking-refunded', 'refund-issued', 'event-changed', 'event-cancelled', 'waitlist-offer', 'password-reset', 'verify-email', 'form-notification', 'other');
  ALTER TABLE "mails" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_mails_kind" USING "kind"::"public"."enum_mails_kind";
  ALTER TABLE "mail_templates" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_mail_templates_kind";
  CREATE TYPE "public"."enum_mail_templates_kind" AS ENUM('booking-confirmed', 'hold-reminder', 'booking-cancelled', 'booking-refunded', 'refund-issued', 'event-changed', 'event-cancelled', 'waitlist-offer', 'password-reset', 'verify-email');
  ALTER TABLE "mail_templates" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_mail_templates_kind" USING "kind"::"public"."enum_mail_templates_kind";
  ALTER TABLE "waiting_list" ALTER COLUMN "status" SET DATA TYPE text;
  ALTER TABLE "waiting_list" ALTER COLUMN "status" SET DEFAULT 'waiting'::text;
  DROP TYPE "public"."enum_waiting_list_status";
  CREATE TYPE "public"."enum_waiting_list_status" AS ENUM('waiting', 'offered', 'accepted', 'expired', 'declined', 'left', 'removed', 'skipped');
  ALTER TABLE "waiting_list" ALTER COLUMN "status" SET DEFAULT 'waiting'::"public"."enum_waiting_list_status";
  ALTER TABLE "waiting_list" ALTER COLUMN "status" SET DATA TYPE "public"."enum_waiting_list_status" USING "status"::"public"."enum_waiting_list_status";
  ALTER TABLE "events" DROP COLUMN "waiting_list_guests";
  ALTER TABLE "waiting_list" DROP COLUMN "email";`)
  await db.execute(sql.raw(waitingListRulesUp(rules)))
}
