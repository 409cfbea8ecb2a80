import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'
import { cancellationRulesDown, cancellationRulesUp } from 'payload-events-cms/migrations'

/**
 * The visitor's site (generated): the navigation global (header and footer links), each event's
 * cancellation cut-off with its CHECK (whole hours from 0 to 8760:
 * events_cancellation_cutoff_valid, hand-written), and Payload's address-verification columns on
 * accounts (always there, so MAIL_VERIFY_EMAIL can be switched without a migration).
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_navigation_header_kind" AS ENUM('page', 'event', 'url');
  CREATE TYPE "public"."enum_navigation_footer_kind" AS ENUM('page', 'event', 'url');
  CREATE TABLE "navigation_header" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar NOT NULL,
  	"kind" "enum_navigation_header_kind" DEFAULT 'page' NOT NULL,
  	"page_id" uuid,
  	"event_id" uuid,
  	"url" varchar
  );
  
  CREATE TABLE "navigation_footer" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar NOT NULL,
  	"kind" "enum_navigation_footer_kind" DEFAULT 'page' NOT NULL,
  	"page_id" uuid,
  	"event_id" uuid,
  	"url" varchar
  );
  
  CREATE TABLE "navigation" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "users" ADD COLUMN "_verified" boolean;
  ALTER TABLE "users" ADD COLUMN "_verificationtoken" varchar;
  ALTER TABLE "events" ADD COLUMN "cancellation_cutoff_hours" numeric;
  ALTER TABLE "navigation_header" ADD CONSTRAINT "navigation_header_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "navigation_header" ADD CONSTRAINT "navigation_header_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "navigation_header" ADD CONSTRAINT "navigation_header_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."navigation"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "navigation_footer" ADD CONSTRAINT "navigation_footer_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "navigation_footer" ADD CONSTRAINT "navigation_footer_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "navigation_footer" ADD CONSTRAINT "navigation_footer_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."navigation"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "navigation_header_order_idx" ON "navigation_header" USING btree ("_order");
  CREATE INDEX "navigation_header_parent_id_idx" ON "navigation_header" USING btree ("_parent_id");
  CREATE INDEX "navigation_header_page_idx" ON "navigation_header" USING btree ("page_id");
  CREATE INDEX "navigation_header_event_idx" ON "navigation_header" USING btree ("event_id");
  CREATE INDEX "navigation_footer_order_idx" ON "navigation_footer" USING btree ("_order");
  CREATE INDEX "navigation_footer_parent_id_idx" ON "navigation_footer" USING btree ("_parent_id");
  CREATE INDEX "navigation_footer_page_idx" ON "navigation_footer" USING btree ("page_id");
  CREATE INDEX "navigation_footer_event_idx" ON "navigation_footer" USING btree ("event_id");`)
  await db.execute(sql.raw(cancellationRulesUp()))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(cancellationRulesDown()))
  await db.execute(sql`
   DROP TABLE "navigation_header" CASCADE;
  DROP TABLE "navigation_footer" CASCADE;
  DROP TABLE "navigation" CASCADE;
  ALTER TABLE "users" DROP COLUMN "_verified";
  ALTER TABLE "users" DROP COLUMN "_verificationtoken";
  ALTER TABLE "events" DROP COLUMN "cancellation_cutoff_hours";
  DROP TYPE "public"."enum_navigation_header_kind";
  DROP TYPE "public"."enum_navigation_footer_kind";`)
}
