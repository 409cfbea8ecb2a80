import { createHash } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { actorPartOf, hashedChanges, sealChanges } from '../audit/personalParts'
import { rowHashHolds, type StoredAuditRow, storedRowContent } from '../audit/verifyAuditChain'
import { auditAppendArgs } from '../audit/writeAuditLog'
import { settingsOf } from '../settings'
import { slugs } from '../slugs'
import { strictGuardFunction } from './auditLogSql'

/**
 * The audit log's append-only guard, with one exception: a session that sets `audit.erase = on`
 * may remove the personal parts of a row (`$actor`, `$personal` in `changes`, see
 * src/audit/personalParts.ts) and mark them erased; the ip and user agent columns (copies of
 * `$actor` for searching) may only be emptied, and only with it. Nothing the hash covers may
 * change, so an erasure cannot hide or alter what happened; `audit:verify` checks that every
 * removal was declared by an `erase`/`expire` row of the chain.
 */
export const erasableGuardFunction = `
  CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    kept_old jsonb;
    kept_new jsonb;
  BEGIN
    IF TG_OP = 'UPDATE' AND coalesce(current_setting('audit.erase', true), '') = 'on'
       AND jsonb_typeof(OLD.changes) = 'object' AND jsonb_typeof(NEW.changes) = 'object' THEN
      kept_old := OLD.changes - '$actor' - '$personal' - '$erased';
      kept_new := NEW.changes - '$actor' - '$personal' - '$erased';
      IF (to_jsonb(OLD) - 'changes' - 'ip' - 'user_agent') = (to_jsonb(NEW) - 'changes' - 'ip' - 'user_agent')
         AND kept_old = kept_new
         AND (CASE WHEN NEW.changes ? '$actor'
                THEN NEW.changes->'$actor' = OLD.changes->'$actor'
                     AND NEW.ip IS NOT DISTINCT FROM OLD.ip AND NEW.user_agent IS NOT DISTINCT FROM OLD.user_agent
                ELSE NEW.ip IS NULL AND NEW.user_agent IS NULL END)
         AND (NOT NEW.changes ? '$personal' OR NEW.changes->'$personal' = OLD.changes->'$personal') THEN
        RETURN NEW;
      END IF;
    END IF;
    RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $fn$;
`

/** Present once the rows written before personal parts existed have been sealed. */
export const SEALED_MARKER = 'audit_logs_sealed'

type Executor = { execute: (query: ReturnType<typeof sql.raw>) => Promise<unknown> }
const rowsOf = async <R>(db: Executor, query: ReturnType<typeof sql.raw>): Promise<R[]> =>
  ((await db.execute(query)) as { rows: R[] }).rows

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * Moves the personal data of rows written before personal parts existed (ip and user agent in
 * their columns, personal fields inside `changes`) into erasable parts (the columns keep copies
 * of the part, see auditAppendArgs), and rebuilds the chain
 * from the first row on. It first checks every old link and hash, and refuses on the first one
 * that does not hold (a broken chain is not resealed over). The chain's first prev_hash is kept,
 * so the anchor of dropped partitions still matches; one `update` row of `audit-logs` records the
 * old and new tail hashes. Runs inside the migration's transaction, with the guard trigger off.
 */
export const resealAuditChain = async (
  db: Executor,
  payload: Pick<Payload, 'config'>,
): Promise<{ resealed: number }> => {
  const rules = settingsOf(payload).privacy.personalFields
  await db.execute(sql.raw('ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only'))
  let lastSeq = '0'
  let oldPrev: string | undefined
  let newPrev: string | undefined
  let oldTail: string | undefined
  let resealed = 0
  for (;;) {
    const page = await rowsOf<StoredAuditRow>(
      db,
      sql`SELECT seq::text AS seq, action::text AS action, collection, document_id, user_id::text AS user_id,
                 ip, user_agent, origin::text AS origin, changes, hash, prev_hash,
                 to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
          FROM audit_logs WHERE audit_logs.seq > ${lastSeq}::bigint ORDER BY audit_logs.seq LIMIT 2000`,
    )
    const updates: {
      changes: unknown
      hash: string
      ip: null | string
      prev_hash: string
      seq: string
      user_agent: null | string
    }[] = []
    for (const row of page) {
      oldPrev ??= row.prev_hash
      newPrev ??= row.prev_hash
      if (row.prev_hash !== oldPrev || !rowHashHolds(row)) {
        throw new Error(
          `payload-events-cms: the audit chain does not hold at seq ${row.seq}; it is not resealed ` +
            'over a broken link. Run `npm run audit:verify`, restore the log from a backup, then migrate.',
        )
      }
      const alreadySealed = hashedChanges(row.changes) !== row.changes
      const changes = alreadySealed
        ? row.changes
        : sealChanges(row.changes, { ip: row.ip, userAgent: row.user_agent }, rules[row.collection])
      const hash = sha256(newPrev + storedRowContent(row, { changes }))
      const actor = actorPartOf(changes)
      const [ip, userAgent] = [actor?.ip ?? null, actor?.userAgent ?? null]
      if (
        hash !== row.hash ||
        row.prev_hash !== newPrev ||
        row.ip !== ip ||
        row.user_agent !== userAgent
      ) {
        updates.push({ changes, hash, ip, prev_hash: newPrev, seq: row.seq, user_agent: userAgent })
      }
      oldPrev = row.hash
      oldTail = row.hash
      newPrev = hash
      lastSeq = row.seq
    }
    if (updates.length > 0) {
      resealed += updates.length
      await db.execute(sql`
        UPDATE audit_logs AS a
           SET ip = v.ip, user_agent = v.user_agent, changes = v.changes, hash = v.hash,
               prev_hash = v.prev_hash
          FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
               AS v(seq bigint, changes jsonb, hash text, prev_hash text, ip text, user_agent text)
         WHERE a.seq = v.seq`)
    }
    if (page.length < 2000) break
  }
  await db.execute(sql.raw('ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only'))
  if (resealed > 0) {
    const args = auditAppendArgs({
      action: 'update',
      changes: {
        resealed: { from: { lastHash: oldTail }, rows: resealed, to: { lastHash: newPrev } },
      },
      collection: slugs.auditLogs,
      createdAt: new Date().toISOString(),
      documentId: null,
      ip: null,
      origin: 'local',
      userAgent: null,
      userId: null,
    })
    const [action, collection, documentId, , , , origin, changes, at, content] = args
    await db.execute(sql`SELECT audit_logs_append(${action}, ${collection}, ${documentId}, NULL, NULL,
      NULL, ${origin}, ${changes}::jsonb, ${at}::timestamptz, ${content})`)
  }
  return { resealed }
}

/**
 * Rows sealed before the ip and user agent columns held copies of `$actor`: both columns empty
 * while the part has a value. Only these are filled; a column that differs from its part is left
 * as it is, for `audit:verify` to report.
 */
const ACTOR_COLUMNS_EMPTY = `jsonb_typeof(changes->'$actor') = 'object' AND ip IS NULL AND user_agent IS NULL
  AND (changes->'$actor'->>'ip' IS NOT NULL OR changes->'$actor'->>'userAgent' IS NOT NULL)`

/** Fills those rows' columns (the hash does not cover them, so the chain is untouched). */
const copyActorColumns = async (db: Executor): Promise<void> => {
  await db.execute(sql.raw('ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only'))
  await db.execute(
    sql.raw(`UPDATE audit_logs
       SET ip = changes->'$actor'->>'ip', user_agent = changes->'$actor'->>'userAgent'
     WHERE ${ACTOR_COLUMNS_EMPTY}`),
  )
  await db.execute(sql.raw('ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only'))
}

/** The text in the guard that tells it is the version that lets erasure empty the columns. */
export const COLUMN_AWARE_GUARD = `- 'ip' - 'user_agent'`

/**
 * Installs the erasable guard, seals the existing rows (once) and gives sealed rows their
 * searchable ip and user agent columns. Runs again safely: each step does only what is missing.
 */
export const forgettableAuditUp = async (
  db: Executor,
  payload: Pick<Payload, 'config'>,
): Promise<void> => {
  await db.execute(sql.raw(erasableGuardFunction))
  const [state] = await rowsOf<{ columns: boolean; sealed: boolean }>(
    db,
    sql.raw(`SELECT to_regproc('${SEALED_MARKER}') IS NOT NULL AS sealed,
      EXISTS (SELECT 1 FROM audit_logs WHERE ${ACTOR_COLUMNS_EMPTY}) AS columns`),
  )
  if (state?.sealed) {
    if (state.columns) await copyActorColumns(db)
    return
  }
  await resealAuditChain(db, payload)
  await db.execute(
    sql.raw(
      `CREATE FUNCTION ${SEALED_MARKER}() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'personal parts' $$`,
    ),
  )
}

/** Back to the strict guard; the rows stay sealed (they verify either way). */
export const forgettableAuditDown = `${strictGuardFunction}
  DROP FUNCTION IF EXISTS ${SEALED_MARKER}();`
