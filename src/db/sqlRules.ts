import { type PgIdType } from './ruleContext'

/** A SQL identifier, quoted. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** A SQL string literal. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`

/** The single-column foreign keys on `table.column` (Payload names them itself). */
const foreignKeysOn = (table: string, column: string) => `
      SELECT c.conname FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.conrelid = ${literal(`public.${table}`)}::regclass
        AND a.attname = ${literal(column)} AND cardinality(c.conkey) = 1`

/**
 * Recreates the foreign key on `table.column` (keeping its name, whatever Payload called it) with
 * `ON DELETE rule`. Idempotent: running it twice leaves one constraint.
 */
export const foreignKeyRule = (
  table: string,
  column: string,
  target: string,
  rule: 'CASCADE' | 'RESTRICT' | 'SET NULL',
): string => `
  DO $fk$
  DECLARE
    fk record;
    name text := ${literal(`${table}_${column}_${target}_id_fk`)};
  BEGIN
    FOR fk IN
      ${foreignKeysOn(table, column)}
    LOOP
      name := fk.conname;
      EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', ${literal(table)}, fk.conname);
    END LOOP;
    EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES public.%I(id) ON DELETE ${rule}',
      ${literal(table)}, name, ${literal(column)}, ${literal(target)});
  END $fk$;`

/** Drops the foreign key on `table.column`, if any (the audit log keeps ids of deleted users). */
export const dropForeignKey = (table: string, column: string): string => `
  DO $fk$
  DECLARE fk record;
  BEGIN
    FOR fk IN
      ${foreignKeysOn(table, column)}
    LOOP
      EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', ${literal(table)}, fk.conname);
    END LOOP;
  END $fk$;`

/** `ALTER TABLE ... ADD CONSTRAINT name CHECK (...)` unless a constraint of that name exists. */
export const addCheck = (table: string, name: string, check: string): string => `
  DO $ck$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = ${literal(name)}
                   AND conrelid = ${literal(`public.${table}`)}::regclass) THEN
      ALTER TABLE public.${ident(table)} ADD CONSTRAINT ${ident(name)} CHECK (${check});
    END IF;
  END $ck$;`

export const dropCheck = (table: string, name: string): string =>
  `ALTER TABLE IF EXISTS public.${ident(table)} DROP CONSTRAINT IF EXISTS ${ident(name)};`

export type { PgIdType }
