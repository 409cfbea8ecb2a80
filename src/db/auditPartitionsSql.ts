import { auditAppendFunction } from './auditLogSql'
import { idSql, type RuleContext } from './ruleContext'

/**
 * Monthly range partitions for the audit log (applied by `migrations/*_audit_partitions.ts` after
 * `auditLogUp`; an app using the plugin runs `auditPartitionsUp` / `auditPartitionsDown` the same
 * way). PostgreSQL requires the partition key in every unique index, so:
 * - the primary key is (id, created_at) and `seq` / `prev_hash` are unique per (value, created_at).
 *   The chain still cannot fork: `audit_logs_append()` serializes writers on an advisory lock.
 * - the admin's document-lock table loses its foreign key to audit_logs (rows are never edited,
 *   so they are never locked).
 * Partitions are named audit_logs_pYYYYMM (UTC months). The maintainAuditPartitions job creates
 * them ahead and drops expired ones; `audit_logs_append()` creates a missing one as a fallback.
 */

/** The table's columns, in the order both variants create and copy them. */
const COLUMNS = `id, action, collection, document_id, user_id, ip, user_agent, origin, changes, hash,
  prev_hash, updated_at, created_at, seq`

/** Serial ids keep drawing from the sequence Payload created (`audit_logs_id_seq`). */
const idColumn = (context: Pick<RuleContext, 'idType'>) =>
  context.idType === 'uuid'
    ? 'id uuid DEFAULT gen_random_uuid() NOT NULL'
    : "id integer DEFAULT nextval('audit_logs_id_seq'::regclass) NOT NULL"

/** Moves the serial id's sequence to the table that now owns the column (a no-op for uuid). */
const adoptIdSequence = (context: Pick<RuleContext, 'idType'>) =>
  context.idType === 'uuid' ? '' : 'ALTER SEQUENCE audit_logs_id_seq OWNED BY audit_logs.id;'

const columnDefinitions = (context: Pick<RuleContext, 'idType'>, seq: string) => `
    ${idColumn(context)},
    action enum_audit_logs_action NOT NULL,
    collection varchar NOT NULL,
    document_id varchar,
    user_id ${idSql(context)},
    ip varchar,
    user_agent varchar,
    origin enum_audit_logs_origin NOT NULL,
    changes jsonb,
    hash varchar NOT NULL,
    prev_hash varchar NOT NULL,
    updated_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    seq ${seq}`

/** Payload's own indexes (same names as its snapshot) plus the chain's. */
const indexes = (unique: (columns: string) => string) => `
  CREATE INDEX audit_logs_user_idx ON audit_logs (user_id);
  CREATE INDEX audit_logs_updated_at_idx ON audit_logs (updated_at);
  CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at);
  CREATE INDEX "collection_documentId_idx" ON audit_logs (collection, document_id);
  CREATE INDEX "user_createdAt_1_idx" ON audit_logs (user_id, created_at);
  CREATE INDEX action_collection_idx ON audit_logs (action, collection);
  CREATE UNIQUE INDEX audit_logs_seq_idx ON audit_logs (${unique('seq')});
  CREATE UNIQUE INDEX audit_logs_prev_hash_unique ON audit_logs (${unique('prev_hash')});
  ALTER TABLE audit_logs ADD CONSTRAINT audit_logs_hash_format CHECK (hash ~ '^[0-9a-f]{64}$');
  CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
  CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_guard_truncate();`

/** One partition per UTC month; TRUNCATE of a single partition is guarded like the whole table. */
export const ensurePartitionFunction = `
  CREATE OR REPLACE FUNCTION audit_logs_ensure_partition(p_at timestamptz) RETURNS text LANGUAGE plpgsql AS $fn$
  DECLARE
    month_start timestamptz := date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    partition text := 'audit_logs_p' || to_char(p_at AT TIME ZONE 'UTC', 'YYYYMM');
  BEGIN
    IF to_regclass('public.' || partition) IS NULL THEN
      EXECUTE format('CREATE TABLE public.%I PARTITION OF public.audit_logs FOR VALUES FROM (%L) TO (%L)',
                     partition, month_start, month_start + interval '1 month');
      EXECUTE format('CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON public.%I
                      FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_guard_truncate()', partition);
    END IF;
    RETURN partition;
  END
  $fn$;
`

export const auditPartitionsUp = (context: Pick<RuleContext, 'idType'>): string => `
  ALTER TABLE payload_locked_documents_rels DROP CONSTRAINT IF EXISTS payload_locked_documents_rels_audit_logs_fk;
  ALTER TABLE audit_logs RENAME TO audit_logs_unpartitioned;

  CREATE SEQUENCE audit_logs_chain_seq AS bigint;
  SELECT setval('audit_logs_chain_seq', coalesce((SELECT max(seq) FROM audit_logs_unpartitioned), 0) + 1, false);
  CREATE TABLE audit_logs (${columnDefinitions(context, "bigint NOT NULL DEFAULT nextval('audit_logs_chain_seq')")}
  ) PARTITION BY RANGE (created_at);
  ALTER SEQUENCE audit_logs_chain_seq OWNED BY audit_logs.seq;
  ${adoptIdSequence(context)}

  ${ensurePartitionFunction}

  -- Every month that holds rows, through three months ahead.
  SELECT audit_logs_ensure_partition(month AT TIME ZONE 'UTC')
  FROM generate_series(
    date_trunc('month', coalesce((SELECT min(created_at) FROM audit_logs_unpartitioned), now()) AT TIME ZONE 'UTC'),
    date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
    interval '1 month') AS month;

  INSERT INTO audit_logs (${COLUMNS}) SELECT ${COLUMNS} FROM audit_logs_unpartitioned ORDER BY seq;
  DROP TABLE audit_logs_unpartitioned;

  ALTER TABLE audit_logs ADD PRIMARY KEY (id, created_at);
  ${indexes((column) => `${column}, created_at`)}
  ${auditAppendFunction(context, true)}
`

export const auditPartitionsDown = (context: Pick<RuleContext, 'idType'>): string => `
  ALTER TABLE audit_logs RENAME TO audit_logs_partitioned;
  ${auditAppendFunction(context, false)}
  CREATE TABLE audit_logs (${columnDefinitions(context, 'bigint GENERATED ALWAYS AS IDENTITY')});
  ${adoptIdSequence(context)}
  INSERT INTO audit_logs (${COLUMNS}) OVERRIDING SYSTEM VALUE
    SELECT ${COLUMNS} FROM audit_logs_partitioned ORDER BY seq;
  SELECT setval(pg_get_serial_sequence('audit_logs', 'seq'), coalesce(max(seq), 0) + 1, false) FROM audit_logs;
  DROP TABLE audit_logs_partitioned CASCADE;
  DROP FUNCTION IF EXISTS audit_logs_ensure_partition(timestamptz);

  ALTER TABLE audit_logs ADD PRIMARY KEY (id);
  ${indexes((column) => column)}
  ALTER TABLE payload_locked_documents_rels ADD CONSTRAINT payload_locked_documents_rels_audit_logs_fk
    FOREIGN KEY (audit_logs_id) REFERENCES audit_logs(id) ON DELETE cascade;
`
