import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import { auditLogDown, auditLogUp } from 'payload-events-cms/migrations'

/** The reference app's ids are UUIDs; these rules were applied piece by piece before the helper. */
const rules = { idType: 'uuid', mediaTable: 'media', usersTable: 'users' } as const

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_audit_logs_action" AS ENUM('create', 'update', 'delete', 'trash', 'restore', 'publish', 'unpublish', 'login', 'login_failed', 'logout', 'role_change');
  CREATE TYPE "public"."enum_audit_logs_origin" AS ENUM('rest', 'graphql', 'admin', 'local', 'job');
  CREATE TABLE "audit_logs" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"action" "enum_audit_logs_action" NOT NULL,
  	"collection" varchar NOT NULL,
  	"document_id" varchar,
  	"user_id" uuid,
  	"ip" varchar,
  	"user_agent" varchar,
  	"origin" "enum_audit_logs_origin" NOT NULL,
  	"changes" jsonb,
  	"hash" varchar NOT NULL,
  	"prev_hash" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "audit_logs_id" uuid;
  ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "audit_logs_user_idx" ON "audit_logs" USING btree ("user_id");
  CREATE INDEX "audit_logs_updated_at_idx" ON "audit_logs" USING btree ("updated_at");
  CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs" USING btree ("created_at");
  CREATE INDEX "collection_documentId_idx" ON "audit_logs" USING btree ("collection","document_id");
  CREATE INDEX "user_createdAt_1_idx" ON "audit_logs" USING btree ("user_id","created_at");
  CREATE INDEX "action_collection_idx" ON "audit_logs" USING btree ("action","collection");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_audit_logs_fk" FOREIGN KEY ("audit_logs_id") REFERENCES "public"."audit_logs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_audit_logs_id_idx" ON "payload_locked_documents_rels" USING btree ("audit_logs_id");`)
  // Hand-written: append-only triggers, the hash chain function, no FK to users.
  await db.execute(sql.raw(auditLogUp(rules)))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(auditLogDown(rules)))
  // Generated; IF EXISTS added where the CASCADE drops already removed the object.
  await db.execute(sql`
   ALTER TABLE "audit_logs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "audit_logs" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_audit_logs_fk";
  
  DROP INDEX IF EXISTS "payload_locked_documents_rels_audit_logs_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN IF EXISTS "audit_logs_id";
  DROP TYPE "public"."enum_audit_logs_action";
  DROP TYPE "public"."enum_audit_logs_origin";`)
}
