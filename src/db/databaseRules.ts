import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { settingsOf, type PluginSettings } from '../settings'
import {
  auditAppendFunction,
  auditAppendSignature,
  auditGuardFunctions,
  auditLogDown,
  auditLogUp,
} from './auditLogSql'
import {
  auditPartitionsDown,
  auditPartitionsUp,
  ensurePartitionFunction,
} from './auditPartitionsSql'
import {
  bookingRulesDown,
  bookingRulesUp,
  cancellationRulesDown,
  cancellationRulesUp,
  counterRulesDown,
  counterRulesUp,
  searchRulesDown,
  searchRulesUp,
} from './eventRulesSql'
import {
  mediaRules,
  pageRulesDown,
  pageRulesUp,
  siteSettingsRulesDown,
  siteSettingsRulesUp,
} from './pageRulesSql'
import {
  COLUMN_AWARE_GUARD,
  forgettableAuditDown,
  forgettableAuditUp,
  SEALED_MARKER,
} from './auditErasureSql'
import { appointmentRulesDown, appointmentRulesUp } from './appointmentRulesSql'
import { mailRulesDown, mailRulesUp } from './mailRulesSql'
import {
  waitingListGuestRulesDown,
  waitingListGuestRulesUp,
  waitingListRulesDown,
  waitingListRulesUp,
} from './waitingListRulesSql'
import { paymentRulesDown, paymentRulesUp } from './paymentRulesSql'
import { carryBookingsOver } from './carryBookingsOver'
import { idSql, type RuleContext } from './ruleContext'
import { ticketRulesDown, ticketRulesUp } from './ticketRulesSql'
import { literal } from './sqlRules'
import { tableName } from './tableNames'

/** Runs raw SQL on the migration's (or request's) drizzle handle. */
export type SqlExecutor = { execute: (query: ReturnType<typeof sql.raw>) => Promise<unknown> }

type RuleSet = {
  /** What the start-up check calls it when it is missing. */
  name: string
  /** SQL returning one boolean: whether this part is in the database. */
  installed: string
  /** Whether the start-up check insists on it (media keys are also guarded by a hook). */
  required: boolean
  /**
   * Whether `up` may run again over an installed set (idempotent statement by statement, so a
   * newer version's CHECKs land); the audit log's rebuilds the table and runs only when missing.
   */
  rerun: boolean
  /** SQL, or a step that needs code (resealing the audit chain). */
  up: string | ((db: SqlExecutor, payload: Payload) => Promise<void>)
  down: string
}

export const ruleContextOf = (payload: Pick<Payload, 'config' | 'db'>): RuleContext => {
  const { idType, slugs } = settingsOf(payload)
  return {
    idType,
    jobsTable: tableName(payload, 'payload-jobs'),
    mediaTable: slugs.media ? tableName(payload, slugs.media) : null,
    usersTable: tableName(payload, slugs.users),
  }
}

/**
 * The audit log's rules from whatever state the table is in: a plain table as Payload created it
 * (chain column, triggers, then partitions), one with the chain but no partitions yet, or a
 * partitioned one whose functions went missing (recreated; rows untouched).
 */
const auditRulesUp = (context: RuleContext): string => `
  DO $audit$
  BEGIN
    IF EXISTS (SELECT 1 FROM pg_class WHERE oid = 'public.audit_logs'::regclass AND relkind = 'p') THEN
      EXECUTE ${literal(auditGuardFunctions + ensurePartitionFunction + auditAppendFunction(context, true))};
    ELSIF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'public.audit_logs'::regclass AND attname = 'seq') THEN
      EXECUTE ${literal(auditGuardFunctions + auditPartitionsUp(context))};
    ELSE
      EXECUTE ${literal(auditLogUp(context) + auditPartitionsUp(context))};
    END IF;
  END $audit$;`

const constraintExists = (name: string) =>
  `EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '${name}')`

/** The rule sets an app needs, in the order they are applied (reversed to remove them). */
const ruleSets = (settings: PluginSettings, context: RuleContext): RuleSet[] => {
  const { parts } = settings
  const sets: (false | RuleSet)[] = [
    {
      down: bookingRulesDown(context),
      installed: constraintExists('events_seats_booked_bounds'),
      name: 'booking rules (seat CHECKs, RESTRICT keys)',
      required: true,
      rerun: true,
      up: bookingRulesUp(context),
    },
    {
      down: cancellationRulesDown(),
      installed: constraintExists('events_cancellation_cutoff_valid'),
      name: 'cancellation cut-off (events_cancellation_cutoff_valid)',
      required: true,
      rerun: true,
      up: cancellationRulesUp(),
    },
    {
      down: counterRulesDown(),
      installed: `EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_keep_counters')`,
      name: 'seat counters kept when an event is saved (events_keep_counters)',
      required: true,
      rerun: true,
      up: counterRulesUp(),
    },
    {
      down: ticketRulesDown(context),
      installed: `to_regproc('events_cms_refuse_booking') IS NOT NULL
        AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'bookings_lines_add_up')
        AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'check_ins_one_admission')`,
      name: 'tickets (type capacity CHECKs, lines that add up, one admission per ticket)',
      required: true,
      rerun: true,
      up: async (db, payload) => {
        // Bookings made before ticket types first get their lines and tickets.
        await carryBookingsOver(db, payload, context)
        await db.execute(sql.raw(ticketRulesUp(context)))
      },
    },
    parts.appointments && {
      down: appointmentRulesDown(context),
      installed: constraintExists('appointments_no_overlap'),
      name: 'appointments (no two on one resource at once: appointments_no_overlap)',
      required: true,
      rerun: true,
      up: appointmentRulesUp(context),
    },
    parts.mail && {
      down: mailRulesDown(context),
      installed: `EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'bookings_queue_mail')
        AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_queue_change_mail')`,
      name: 'mail outbox (bookings_queue_mail, events_queue_change_mail)',
      required: true,
      rerun: true,
      up: mailRulesUp(context),
    },
    parts.waitingList && {
      down: waitingListRulesDown(context),
      installed: `EXISTS (SELECT 1 FROM pg_class WHERE relname = 'waiting_list_one_open_entry')
        AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_offer_freed_seats')`,
      name: 'waiting list (one open entry per person, offers of freed seats: events_offer_freed_seats)',
      required: true,
      rerun: true,
      up: waitingListRulesUp(context),
    },
    parts.waitingList && {
      down: waitingListGuestRulesDown(),
      installed: constraintExists('waiting_list_guest_has_address'),
      name: 'waiting-list guests (waiting_list_guest_has_address, one request per address)',
      required: true,
      rerun: true,
      up: waitingListGuestRulesUp(),
    },
    parts.payments && {
      down: paymentRulesDown(),
      installed: `EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'refunds_count_against_payment')
        AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'payments_one_open')`,
      name: 'payments (refunds within what was paid: payments_refunds_within_paid, states forward)',
      required: true,
      rerun: true,
      up: paymentRulesUp(),
    },
    parts.search && {
      down: searchRulesDown(context),
      installed: `to_regprocedure('events_search_refresh(${idSql(context)}[])') IS NOT NULL`,
      name: 'full-text search (events_search_refresh)',
      required: true,
      rerun: true,
      up: searchRulesUp(context),
    },
    parts.audit && {
      down: auditPartitionsDown(context) + auditLogDown(context),
      installed: `to_regprocedure('audit_logs_append(${auditAppendSignature(context)})') IS NOT NULL
        AND to_regproc('audit_logs_ensure_partition') IS NOT NULL
        AND EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('public.audit_logs') AND relkind = 'p')`,
      name: 'audit log (audit_logs_append, monthly partitions, append-only triggers)',
      required: true,
      rerun: false,
      up: auditRulesUp(context),
    },
    parts.audit && {
      down: forgettableAuditDown,
      // The guard's current version: erasure may empty the ip and user agent columns.
      installed: `to_regproc('${SEALED_MARKER}') IS NOT NULL
        AND position(${literal(COLUMN_AWARE_GUARD)} in (SELECT prosrc FROM pg_proc WHERE proname = 'audit_logs_refuse_change' LIMIT 1)) > 0`,
      name: 'erasable personal data in the audit log (audit_logs_sealed, the erasure guard with searchable ip columns)',
      required: true,
      rerun: true,
      up: forgettableAuditUp,
    },
    parts.pages && {
      down: pageRulesDown(),
      installed: constraintExists('pages_slug_format'),
      name: 'page rules (slug format, block CHECKs)',
      required: true,
      rerun: true,
      up: pageRulesUp(),
    },
    parts.siteSettings && {
      down: siteSettingsRulesDown(),
      installed: constraintExists('site_settings_primary_color_hex'),
      name: 'site settings rules (hex colours)',
      required: true,
      rerun: true,
      up: siteSettingsRulesUp(),
    },
    Boolean(parts.media && context.mediaTable) && {
      down: mediaRules(context.mediaTable ?? '', 'SET NULL'),
      installed: 'true',
      name: 'media references (RESTRICT)',
      required: false,
      rerun: true,
      up: mediaRules(context.mediaTable ?? '', 'RESTRICT'),
    },
  ]
  return sets.filter((set): set is RuleSet => Boolean(set))
}

const isInstalled = async (db: SqlExecutor, set: RuleSet): Promise<boolean> => {
  const result = (await db.execute(sql.raw(`SELECT ${set.installed} AS installed`))) as {
    rows: { installed: boolean }[]
  }
  return result.rows[0]?.installed === true
}

/** Applies every rule set the app's enabled parts need that is not there yet. */
export const applyDatabaseRules = async (db: SqlExecutor, payload: Payload): Promise<void> => {
  for (const set of ruleSets(settingsOf(payload), ruleContextOf(payload))) {
    if (!set.rerun && (await isInstalled(db, set))) continue
    if (typeof set.up === 'string') await db.execute(sql.raw(set.up))
    else await set.up(db, payload)
  }
}

/** Removes what `applyDatabaseRules` added, in reverse order. */
export const removeDatabaseRules = async (db: SqlExecutor, payload: Payload): Promise<void> => {
  for (const set of ruleSets(settingsOf(payload), ruleContextOf(payload)).reverse()) {
    if (await isInstalled(db, set)) await db.execute(sql.raw(set.down))
  }
}

/** The names of required rule sets missing from the database (empty when all are there). */
export const missingDatabaseRules = async (
  db: SqlExecutor,
  payload: Payload,
): Promise<string[]> => {
  const required = ruleSets(settingsOf(payload), ruleContextOf(payload)).filter(
    ({ required }) => required,
  )
  // One round trip at start-up: a boolean column per set.
  const result = (await db.execute(
    sql.raw(`SELECT ${required.map(({ installed }, i) => `(${installed}) AS "${i}"`).join(', ')}`),
  )) as { rows: Record<string, boolean>[] }
  return required.filter((_, i) => result.rows[0]?.[String(i)] !== true).map(({ name }) => name)
}
