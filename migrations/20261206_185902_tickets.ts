import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import {
  bookingRulesUp,
  carryBookingsOver,
  ticketRulesDown,
  ticketRulesUp,
} from 'payload-events-cms/migrations'

/** The reference app's ids are UUIDs. */
const rules = { idType: 'uuid', mediaTable: 'media', usersTable: 'users' } as const

/**
 * Ticket types, bookings of several lines, tickets and check-ins: the tables (generated), then the
 * booking checks in their new form, existing bookings carried over (a reference, one line at the
 * event's price, one ticket per seat), and the rules that hold all of it (hand-written).
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_check_ins_result" AS ENUM('admitted', 'refused');
  CREATE TYPE "public"."enum_check_ins_reason" AS ENUM('already_checked_in', 'cancelled', 'expired', 'refunded', 'unpaid', 'other_event', 'unknown_code', 'outside_window');
  CREATE TABLE "bookings_lines" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"ticket_type_id" uuid,
  	"name" varchar NOT NULL,
  	"quantity" numeric NOT NULL,
  	"unit_price" numeric NOT NULL
  );
  
  CREATE TABLE "ticket_types" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"event_id" uuid NOT NULL,
  	"name" varchar NOT NULL,
  	"description" varchar,
  	"price" numeric DEFAULT 0 NOT NULL,
  	"capacity" numeric,
  	"sales_open_at" timestamp(3) with time zone,
  	"sales_close_at" timestamp(3) with time zone,
  	"min_per_booking" numeric DEFAULT 1 NOT NULL,
  	"max_per_booking" numeric,
  	"hidden" boolean DEFAULT false,
  	"access_code" varchar,
  	"sort_order" numeric DEFAULT 0,
  	"seats_booked" numeric DEFAULT 0,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "tickets" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"booking_id" uuid NOT NULL,
  	"event_id" uuid NOT NULL,
  	"ticket_type_id" uuid,
  	"attendee_name" varchar,
  	"version" numeric DEFAULT 1 NOT NULL,
  	"code_hash" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "check_ins" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"event_id" uuid NOT NULL,
  	"ticket_id" uuid,
  	"ticket_type_id" uuid,
  	"booking_id" uuid,
  	"result" "enum_check_ins_result" NOT NULL,
  	"reason" "enum_check_ins_reason",
  	"scanned_by_id" uuid,
  	"gate" varchar,
  	"nonce" varchar,
  	"undone_at" timestamp(3) with time zone,
  	"undone_by_id" uuid,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "events_rels" ADD COLUMN "users_id" uuid;
  ALTER TABLE "bookings" ADD COLUMN "reference" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "ticket_types_id" uuid;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "tickets_id" uuid;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "check_ins_id" uuid;
  ALTER TABLE "bookings_lines" ADD CONSTRAINT "bookings_lines_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "bookings_lines" ADD CONSTRAINT "bookings_lines_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "ticket_types" ADD CONSTRAINT "ticket_types_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tickets" ADD CONSTRAINT "tickets_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tickets" ADD CONSTRAINT "tickets_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tickets" ADD CONSTRAINT "tickets_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_scanned_by_id_users_id_fk" FOREIGN KEY ("scanned_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_undone_by_id_users_id_fk" FOREIGN KEY ("undone_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "bookings_lines_order_idx" ON "bookings_lines" USING btree ("_order");
  CREATE INDEX "bookings_lines_parent_id_idx" ON "bookings_lines" USING btree ("_parent_id");
  CREATE INDEX "bookings_lines_ticket_type_idx" ON "bookings_lines" USING btree ("ticket_type_id");
  CREATE INDEX "ticket_types_event_idx" ON "ticket_types" USING btree ("event_id");
  CREATE INDEX "ticket_types_updated_at_idx" ON "ticket_types" USING btree ("updated_at");
  CREATE INDEX "ticket_types_created_at_idx" ON "ticket_types" USING btree ("created_at");
  CREATE INDEX "event_sortOrder_idx" ON "ticket_types" USING btree ("event_id","sort_order");
  CREATE INDEX "tickets_booking_idx" ON "tickets" USING btree ("booking_id");
  CREATE INDEX "tickets_event_idx" ON "tickets" USING btree ("event_id");
  CREATE INDEX "tickets_ticket_type_idx" ON "tickets" USING btree ("ticket_type_id");
  CREATE UNIQUE INDEX "tickets_code_hash_idx" ON "tickets" USING btree ("code_hash");
  CREATE INDEX "tickets_updated_at_idx" ON "tickets" USING btree ("updated_at");
  CREATE INDEX "tickets_created_at_idx" ON "tickets" USING btree ("created_at");
  CREATE INDEX "check_ins_event_idx" ON "check_ins" USING btree ("event_id");
  CREATE INDEX "check_ins_ticket_idx" ON "check_ins" USING btree ("ticket_id");
  CREATE INDEX "check_ins_ticket_type_idx" ON "check_ins" USING btree ("ticket_type_id");
  CREATE INDEX "check_ins_booking_idx" ON "check_ins" USING btree ("booking_id");
  CREATE INDEX "check_ins_scanned_by_idx" ON "check_ins" USING btree ("scanned_by_id");
  CREATE INDEX "check_ins_undone_by_idx" ON "check_ins" USING btree ("undone_by_id");
  CREATE INDEX "check_ins_updated_at_idx" ON "check_ins" USING btree ("updated_at");
  CREATE INDEX "check_ins_created_at_idx" ON "check_ins" USING btree ("created_at");
  CREATE INDEX "event_createdAt_idx" ON "check_ins" USING btree ("event_id","created_at");
  ALTER TABLE "events_rels" ADD CONSTRAINT "events_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_ticket_types_fk" FOREIGN KEY ("ticket_types_id") REFERENCES "public"."ticket_types"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_tickets_fk" FOREIGN KEY ("tickets_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_check_ins_fk" FOREIGN KEY ("check_ins_id") REFERENCES "public"."check_ins"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "events_rels_users_id_idx" ON "events_rels" USING btree ("users_id");
  CREATE UNIQUE INDEX "bookings_reference_idx" ON "bookings" USING btree ("reference");
  CREATE INDEX "payload_locked_documents_rels_ticket_types_id_idx" ON "payload_locked_documents_rels" USING btree ("ticket_types_id");
  CREATE INDEX "payload_locked_documents_rels_tickets_id_idx" ON "payload_locked_documents_rels" USING btree ("tickets_id");
  CREATE INDEX "payload_locked_documents_rels_check_ins_id_idx" ON "payload_locked_documents_rels" USING btree ("check_ins_id");`)
  await db.execute(sql`SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0`)
  await db.execute(sql.raw(bookingRulesUp(rules)))
  await carryBookingsOver(db, payload, rules)
  await db.execute(sql.raw(ticketRulesUp(rules)))
}

/** Back to one line per booking: bookings of several lines or ticket types cannot go back. */
export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM bookings WHERE unit_price IS NULL)
       OR EXISTS (SELECT 1 FROM bookings_lines WHERE ticket_type_id IS NOT NULL) THEN
      RAISE EXCEPTION 'bookings of ticket types or of several prices exist; this migration cannot be reverted';
    END IF;
  END $$;`)
  await db.execute(sql.raw(ticketRulesDown(rules)))
  // Generated; IF EXISTS added where the CASCADE drops above already removed the object.
  await db.execute(sql`
   ALTER TABLE "bookings_lines" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "ticket_types" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "tickets" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "check_ins" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "bookings_lines" CASCADE;
  DROP TABLE "ticket_types" CASCADE;
  DROP TABLE "tickets" CASCADE;
  DROP TABLE "check_ins" CASCADE;
  ALTER TABLE "events_rels" DROP CONSTRAINT IF EXISTS "events_rels_users_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_ticket_types_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_tickets_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_check_ins_fk";
  
  DROP INDEX IF EXISTS "events_rels_users_id_idx";
  DROP INDEX IF EXISTS "bookings_reference_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_ticket_types_id_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_tickets_id_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_check_ins_id_idx";
  ALTER TABLE "events_rels" DROP COLUMN IF EXISTS "users_id";
  ALTER TABLE "bookings" DROP COLUMN IF EXISTS "reference";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "ticket_types_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "tickets_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "check_ins_id";
  DROP TYPE "public"."enum_check_ins_result";
  DROP TYPE "public"."enum_check_ins_reason";`)
}
