import { dropForeignKey } from './sqlRules'
import { idSql, type RuleContext } from './ruleContext'

/**
 * What makes the audit log trustworthy in PostgreSQL itself:
 * - `seq`: the order of the chain; `prev_hash` UNIQUE, so the chain cannot fork.
 * - `audit_logs_append()`: lock, read the tail hash, insert with sha256(prev_hash || content), in
 *   one statement inside the caller's transaction.
 * - triggers refusing UPDATE and DELETE always, and TRUNCATE unless the session sets
 *   `audit.allow_truncate = on` (test resets, and a documented retention procedure).
 * - no foreign key to users: deleting a user must not rewrite history.
 */
export const AUDIT_CHAIN_LOCK = 7311001

/** The argument types of `audit_logs_append()`, which DROP FUNCTION must name. */
export const auditAppendSignature = (context: Pick<RuleContext, 'idType'>): string =>
  `text, text, text, ${idSql(context)}, text, text, text, jsonb, timestamptz, text`

/**
 * `audit_logs_append()`: lock, read the tail hash, insert with sha256(prev_hash || content), in one
 * statement inside the caller's transaction. With `partitioned`, it first makes sure the month's
 * partition exists (see auditPartitionsSql.ts).
 */
export const auditAppendFunction = (
  context: Pick<RuleContext, 'idType'>,
  partitioned: boolean,
): string => `
  CREATE OR REPLACE FUNCTION audit_logs_append(
    p_action text, p_collection text, p_document_id text, p_user_id ${idSql(context)}, p_ip text,
    p_user_agent text, p_origin text, p_changes jsonb, p_created_at timestamptz, p_content text
  ) RETURNS text LANGUAGE plpgsql AS $fn$
  DECLARE
    previous text;
    digest text;
  BEGIN
    PERFORM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});${
      partitioned
        ? `
    -- Normally made ahead by the maintainAuditPartitions job; this is the fallback.
    PERFORM audit_logs_ensure_partition(p_created_at);`
        : ''
    }
    -- A new statement, so a new snapshot: sees the row of whoever held the lock before us.
    SELECT hash INTO previous FROM audit_logs ORDER BY seq DESC LIMIT 1;
    previous := coalesce(previous, repeat('0', 64));
    digest := encode(sha256(convert_to(previous || p_content, 'UTF8')), 'hex');
    INSERT INTO audit_logs (action, collection, document_id, user_id, ip, user_agent, origin, changes,
                            hash, prev_hash, created_at, updated_at)
    VALUES (p_action::enum_audit_logs_action, p_collection, p_document_id, p_user_id, p_ip, p_user_agent,
            p_origin::enum_audit_logs_origin, p_changes, digest, previous, p_created_at, p_created_at);
    RETURN digest;
  END
  $fn$;
`

/** The strict guard: no UPDATE or DELETE at all (auditErasureSql.ts relaxes it for erasure). */
export const strictGuardFunction = `
  CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $fn$;
`

/** Triggers that make the table append-only (shared with the partitioned variant). */
export const auditGuardFunctions = `${strictGuardFunction}
  CREATE OR REPLACE FUNCTION audit_logs_guard_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF coalesce(current_setting('audit.allow_truncate', true), '') <> 'on' THEN
      RAISE EXCEPTION 'audit_logs is append-only: TRUNCATE is not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
  END
  $fn$;
`

export const auditLogUp = (context: Pick<RuleContext, 'idType'>): string => `
  ${dropForeignKey('audit_logs', 'user_id')}
  ALTER TABLE audit_logs ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
  CREATE UNIQUE INDEX audit_logs_seq_idx ON audit_logs (seq);
  CREATE UNIQUE INDEX audit_logs_prev_hash_unique ON audit_logs (prev_hash);
  ALTER TABLE audit_logs ADD CONSTRAINT audit_logs_hash_format CHECK (hash ~ '^[0-9a-f]{64}$');
  ${auditAppendFunction(context, false)}
  ${auditGuardFunctions}
  CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
  CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_guard_truncate();
`

export const auditLogDown = (context: Pick<RuleContext, 'idType'>): string => `
  DROP TRIGGER IF EXISTS audit_logs_no_truncate ON audit_logs;
  DROP TRIGGER IF EXISTS audit_logs_append_only ON audit_logs;
  DROP FUNCTION IF EXISTS audit_logs_guard_truncate();
  DROP FUNCTION IF EXISTS audit_logs_refuse_change();
  DROP FUNCTION IF EXISTS audit_logs_append(${auditAppendSignature(context)});
  ALTER TABLE audit_logs DROP CONSTRAINT IF EXISTS audit_logs_hash_format;
  DROP INDEX IF EXISTS audit_logs_prev_hash_unique;
  DROP INDEX IF EXISTS audit_logs_seq_idx;
  ALTER TABLE audit_logs DROP COLUMN IF EXISTS seq;
`
