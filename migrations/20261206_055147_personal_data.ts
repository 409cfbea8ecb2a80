import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import { forgettableAuditDown, forgettableAuditUp } from 'payload-events-cms/migrations'

/**
 * Personal data: the audit actions erase, expire and export, and erasable personal parts in the
 * audit log (the guard that lets an erasure remove them, and the existing rows sealed).
 */
export async function up({ db, payload }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_audit_logs_action" ADD VALUE 'erase';
  ALTER TYPE "public"."enum_audit_logs_action" ADD VALUE 'expire';
  ALTER TYPE "public"."enum_audit_logs_action" ADD VALUE 'export';`)
  await db.execute(sql`SET LOCAL statement_timeout = 0`)
  await forgettableAuditUp(db, payload)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(forgettableAuditDown))
  // The audit log is append-only: rows with the new actions cannot be renamed.
  await db.execute(sql`
  DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM audit_logs WHERE action IN ('erase', 'expire', 'export')) THEN
      RAISE EXCEPTION 'audit_logs has erase, expire or export rows; this migration cannot be reverted';
    END IF;
  END $$;
   ALTER TABLE "audit_logs" ALTER COLUMN "action" SET DATA TYPE text;
  DROP TYPE "public"."enum_audit_logs_action";
  CREATE TYPE "public"."enum_audit_logs_action" AS ENUM('create', 'update', 'delete', 'trash', 'restore', 'publish', 'unpublish', 'login', 'login_failed', 'logout', 'role_change', 'draft');
  ALTER TABLE "audit_logs" ALTER COLUMN "action" SET DATA TYPE "public"."enum_audit_logs_action" USING "action"::"public"."enum_audit_logs_action";`)
}
