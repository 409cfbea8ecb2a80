import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import { forgettableAuditUp } from 'payload-events-cms/migrations'

/**
 * The audit log's ip and user agent columns hold copies of each row's erasable `$actor` part
 * again (so admins can filter by them), and the erasure guard lets an erasure empty them.
 */
export async function up({ db, payload }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`SET LOCAL statement_timeout = 0`)
  await forgettableAuditUp(db, payload)
}

/** The previous guard (columns untouchable), and the columns empty again as it wrote them. */
export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(
    sql.raw(`
  CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    kept_old jsonb;
    kept_new jsonb;
  BEGIN
    IF TG_OP = 'UPDATE' AND coalesce(current_setting('audit.erase', true), '') = 'on'
       AND jsonb_typeof(OLD.changes) = 'object' AND jsonb_typeof(NEW.changes) = 'object' THEN
      kept_old := OLD.changes - '$actor' - '$personal' - '$erased';
      kept_new := NEW.changes - '$actor' - '$personal' - '$erased';
      IF (to_jsonb(OLD) - 'changes') = (to_jsonb(NEW) - 'changes') AND kept_old = kept_new
         AND (NOT NEW.changes ? '$actor' OR NEW.changes->'$actor' = OLD.changes->'$actor')
         AND (NOT NEW.changes ? '$personal' OR NEW.changes->'$personal' = OLD.changes->'$personal') THEN
        RETURN NEW;
      END IF;
    END IF;
    RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $fn$;
  ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
  UPDATE audit_logs SET ip = NULL, user_agent = NULL
   WHERE jsonb_typeof(changes->'$actor') = 'object' AND (ip IS NOT NULL OR user_agent IS NOT NULL);
  ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;`),
  )
}
