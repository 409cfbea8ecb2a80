import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_audit_logs_action" ADD VALUE 'draft';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The audit log is append-only: rows that say 'draft' cannot be renamed, so they block the way back.
  await db.execute(sql`
  DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM audit_logs WHERE action = 'draft') THEN
      RAISE EXCEPTION 'audit_logs has rows with action ''draft''; this migration cannot be reverted';
    END IF;
  END $$;
   ALTER TABLE "audit_logs" ALTER COLUMN "action" SET DATA TYPE text;
  DROP TYPE "public"."enum_audit_logs_action";
  CREATE TYPE "public"."enum_audit_logs_action" AS ENUM('create', 'update', 'delete', 'trash', 'restore', 'publish', 'unpublish', 'login', 'login_failed', 'logout', 'role_change');
  ALTER TABLE "audit_logs" ALTER COLUMN "action" SET DATA TYPE "public"."enum_audit_logs_action" USING "action"::"public"."enum_audit_logs_action";`)
}
