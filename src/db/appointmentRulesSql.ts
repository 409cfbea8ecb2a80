import { weekDays } from '../fields/openingHours'
import { TIME_TAKING_STATUSES } from './conditions'
import type { RuleContext } from './ruleContext'
import { addCheck, dropCheck, foreignKeyRule } from './sqlRules'

/**
 * Appointments as PostgreSQL enforces them, whatever writes the rows: each has a taken range (the
 * service with its buffers, a generated `tstzrange`) that is never empty, and no two appointments
 * that take a resource's time overlap on it (an exclusion constraint over btree_gist); services,
 * opening hours and closures keep their shapes. Idempotent, like every rule set.
 */

const WHOLE = (column: string) => `${column} = trunc(${column})`
const CLOCK = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`
const takingStatuses = TIME_TAKING_STATUSES.map((status) => `'${status}'`).join(', ')

const checks: [table: string, name: string, check: string][] = [
  [
    'services',
    'services_duration_bounds',
    `duration_minutes BETWEEN 5 AND 1440 AND ${WHOLE('duration_minutes')}`,
  ],
  [
    'services',
    'services_buffers_bounds',
    `buffer_before_minutes BETWEEN 0 AND 240 AND ${WHOLE('buffer_before_minutes')}
      AND buffer_after_minutes BETWEEN 0 AND 240 AND ${WHOLE('buffer_after_minutes')}`,
  ],
  ['services', 'services_price_non_negative', 'price >= 0 AND price = round(price, 2)'],
  [
    'services',
    'services_guests_bounds',
    `min_guests >= 1 AND ${WHOLE('min_guests')} AND max_guests >= min_guests AND ${WHOLE('max_guests')}`,
  ],
  [
    'venues_opening_hours',
    'venues_opening_hours_range',
    `opens ~ ${CLOCK} AND (closes ~ ${CLOCK} OR closes = '24:00') AND opens < closes`,
  ],
  ['closures', 'closures_range_not_empty', 'ends_at > starts_at'],
  ['venues', 'venues_time_zone_set', 'time_zone IS NOT NULL'],
  [
    'appointments',
    'appointments_times',
    `start < "end" AND blocked_from <= start AND "end" <= blocked_until`,
  ],
  ['appointments', 'appointments_guests_positive', `guests >= 1 AND ${WHOLE('guests')}`],
  [
    'appointments',
    'appointments_reference_format',
    `reference ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$'`,
  ],
  [
    'appointments',
    'appointments_scheduled',
    `status IS NOT NULL AND resource_id IS NOT NULL AND venue_id IS NOT NULL
      AND blocked_from IS NOT NULL AND blocked_until IS NOT NULL AND "end" IS NOT NULL`,
  ],
  ['appointments', 'appointments_hold_expires', `status <> 'pending' OR expires_at IS NOT NULL`],
  [
    'appointments',
    'appointments_price_snapshot',
    'unit_price >= 0 AND total_price >= 0 AND currency IS NOT NULL',
  ],
]

const foreignKeys = ({ usersTable }: RuleContext) =>
  [
    // What was booked stays: a service, resource or venue with appointments cannot go.
    ['appointments', 'service_id', 'services', 'RESTRICT'],
    ['appointments', 'resource_id', 'resources', 'RESTRICT'],
    ['appointments', 'venue_id', 'venues', 'RESTRICT'],
    ['appointments', 'customer_id', usersTable, 'SET NULL'],
    ['resources', 'venue_id', 'venues', 'RESTRICT'],
    ['closures', 'venue_id', 'venues', 'CASCADE'],
    ['closures', 'resource_id', 'resources', 'CASCADE'],
  ] as const

export const appointmentRulesUp = (context: RuleContext): string => `
  CREATE EXTENSION IF NOT EXISTS btree_gist;
  ALTER TABLE appointments ADD COLUMN IF NOT EXISTS during tstzrange
    GENERATED ALWAYS AS (tstzrange(blocked_from, blocked_until, '[)')) STORED;
  ${checks.map(([table, name, check]) => addCheck(table, name, check)).join('\n')}
  ${addCheck('appointments', 'appointments_during_not_empty', 'NOT isempty(during)')}
  ${addCheck('venues_opening_hours', 'venues_opening_hours_day', `day::text = ANY (ARRAY[${weekDays.map((day) => `'${day}'`).join(', ')}])`)}
  DO $ex$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'appointments_no_overlap') THEN
      ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap
        EXCLUDE USING gist (resource_id WITH =, during WITH &&)
        WHERE (status IN (${takingStatuses}));
    END IF;
  END $ex$;
  ${foreignKeys(context)
    .map(([table, column, target, rule]) => foreignKeyRule(table, column, target, rule))
    .join('\n')}
  CREATE INDEX IF NOT EXISTS closures_during_idx ON closures USING gist (venue_id, tstzrange(starts_at, ends_at));
`

export const appointmentRulesDown = (context: RuleContext): string => `
  DROP INDEX IF EXISTS closures_during_idx;
  ${foreignKeys(context)
    .map(([table, column, target]) => foreignKeyRule(table, column, target, 'SET NULL'))
    .join('\n')}
  ALTER TABLE IF EXISTS appointments DROP CONSTRAINT IF EXISTS appointments_no_overlap;
  ${dropCheck('venues_opening_hours', 'venues_opening_hours_day')}
  ${dropCheck('appointments', 'appointments_during_not_empty')}
  ${checks.map(([table, name]) => dropCheck(table, name)).join('\n')}
  ALTER TABLE IF EXISTS appointments DROP COLUMN IF EXISTS during;
`
