import { addCheck, dropCheck, foreignKeyRule } from './sqlRules'
import { idSql, type RuleContext } from './ruleContext'
import { activeBookingSql, pendingBookingSql, publishedEventSql } from './conditions'

/**
 * The booking rules as PostgreSQL enforces them, whatever writes the rows (hooks, raw SQL, psql).
 * Payload's schema can't express CHECKs, partial or GIN indexes, or RESTRICT foreign keys, so
 * they live here; `payload-events-cms/migrations` applies them. Every statement is idempotent.
 */
const SLUG_FORMAT = `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`

const checks: [table: string, name: string, check: string][] = [
  ['venues', 'venues_capacity_positive', 'capacity > 0 AND capacity = trunc(capacity)'],
  ['venues', 'venues_latitude_range', 'latitude BETWEEN -90 AND 90'],
  ['venues', 'venues_longitude_range', 'longitude BETWEEN -180 AND 180'],
  ['venues', 'venues_slug_format', SLUG_FORMAT],
  ['tags', 'tags_slug_format', SLUG_FORMAT],
  ['events', 'events_capacity_positive', 'capacity > 0 AND capacity = trunc(capacity)'],
  ['events', 'events_price_non_negative', 'price >= 0'],
  ['events', 'events_end_after_start', 'end_date > start_date'],
  ['events', 'events_slug_format', SLUG_FORMAT],
  ['events', 'events_currency_format', `currency ~ '^[A-Z]{3}$'`],
  ['events', 'events_seats_booked_bounds', 'seats_booked >= 0 AND seats_booked <= capacity'],
  ['bookings', 'bookings_seats_positive', 'seats >= 1 AND seats = trunc(seats)'],
  // A booking of several lines has one unit price only when every line has it (ticketRulesSql.ts
  // checks that the lines add up to the total).
  ['bookings', 'bookings_totals_present', 'total_price IS NOT NULL AND currency IS NOT NULL'],
  ['bookings', 'bookings_unit_price_non_negative', 'unit_price >= 0'],
  [
    'bookings',
    'bookings_total_matches_unit_price',
    'unit_price IS NULL OR total_price = unit_price * seats',
  ],
  ['bookings', 'bookings_pending_has_expiry', `status <> 'pending' OR expires_at IS NOT NULL`],
]

/** Bookings are records of money: deleting their event or user is refused, never cascaded. */
const restrictedKeys = ({ usersTable }: RuleContext) =>
  [
    ['bookings', 'event_id', 'events'],
    ['bookings', 'user_id', usersTable],
    ['events', 'venue_id', 'venues'],
  ] as const

/** An event's cancellation cut-off (a column added after the first booking rules): whole hours. */
const CUTOFF_CHECK: [table: string, name: string, check: string] = [
  'events',
  'events_cancellation_cutoff_valid',
  'cancellation_cutoff_hours BETWEEN 0 AND 8760 AND cancellation_cutoff_hours = trunc(cancellation_cutoff_hours)',
]
export const cancellationRulesUp = (): string => addCheck(...CUTOFF_CHECK)
export const cancellationRulesDown = (): string => dropCheck(CUTOFF_CHECK[0], CUTOFF_CHECK[1])

/** Earlier versions' names of checks that changed (a single unit price was required then). */
const replacedChecks = ['bookings_price_snapshot_present', 'bookings_total_is_unit_times_seats']

export const bookingRulesUp = (context: RuleContext): string => `
  ${replacedChecks.map((name) => dropCheck('bookings', name)).join('\n')}
  UPDATE events SET seats_booked = 0 WHERE seats_booked IS NULL;
  ALTER TABLE events ALTER COLUMN seats_booked SET NOT NULL;
  ${checks.map(([table, name, check]) => addCheck(table, name, check)).join('\n')}
  ${restrictedKeys(context)
    .map(([table, column, target]) => foreignKeyRule(table, column, target, 'RESTRICT'))
    .join('\n')}
  -- Partial indexes for the hot, public queries
  CREATE INDEX IF NOT EXISTS events_published_start_date_idx ON events (start_date) WHERE ${publishedEventSql()};
  CREATE INDEX IF NOT EXISTS bookings_active_event_idx ON bookings (event_id) WHERE ${activeBookingSql()};
  CREATE INDEX IF NOT EXISTS bookings_pending_expires_at_idx ON bookings (expires_at) WHERE ${pendingBookingSql()};
`

export const bookingRulesDown = (context: RuleContext): string => `
  DROP INDEX IF EXISTS events_published_start_date_idx;
  DROP INDEX IF EXISTS bookings_active_event_idx;
  DROP INDEX IF EXISTS bookings_pending_expires_at_idx;
  ${restrictedKeys(context)
    .map(([table, column, target]) => foreignKeyRule(table, column, target, 'SET NULL'))
    .join('\n')}
  ${checks.map(([table, name]) => dropCheck(table, name)).join('\n')}
  ALTER TABLE events ALTER COLUMN seats_booked DROP NOT NULL;
`

/**
 * The event's counters (seats_booked, next_hold_expiry) belong to the booking statements. A
 * document save (Payload writes every column, with a new updated_at) carries them as it read them,
 * maybe before bookings that committed since: the row keeps its current ones. Seat claims,
 * releases and the expiry job never touch updated_at. Also fills next_hold_expiry for holds made
 * before it existed.
 */
export const counterRulesUp = (): string => `
  CREATE OR REPLACE FUNCTION events_keep_counters() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
      NEW.seats_booked := OLD.seats_booked;
      NEW.next_hold_expiry := OLD.next_hold_expiry;
    END IF;
    RETURN NEW;
  END $fn$;
  DROP TRIGGER IF EXISTS events_keep_counters ON events;
  CREATE TRIGGER events_keep_counters BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_keep_counters();
  UPDATE events e SET next_hold_expiry = (SELECT min(b.expires_at) FROM bookings b
    WHERE b.event_id = e.id AND ${pendingBookingSql('b')})
  WHERE next_hold_expiry IS NULL AND EXISTS (
    SELECT 1 FROM bookings b WHERE b.event_id = e.id AND ${pendingBookingSql('b')});
`

export const counterRulesDown = (): string => `
  DROP TRIGGER IF EXISTS events_keep_counters ON events;
  DROP FUNCTION IF EXISTS events_keep_counters();
`

/** Full-text search: a weighted vector per event, kept current by the events/venues/tags hooks. */
export const searchRulesUp = (context: RuleContext): string => `
  ALTER TABLE events ADD COLUMN IF NOT EXISTS search_vector tsvector NOT NULL DEFAULT ''::tsvector;
  CREATE INDEX IF NOT EXISTS events_search_vector_idx ON events USING gin (search_vector) WHERE ${publishedEventSql()};
  CREATE OR REPLACE FUNCTION events_search_refresh(ids ${idSql(context)}[]) RETURNS void LANGUAGE sql AS $fn$
    UPDATE events e SET search_vector =
        setweight(to_tsvector('english', coalesce(e.title, '')), 'A')
      || setweight(to_tsvector('english', coalesce(v.name, '') || ' ' || coalesce(v.address_city, '')), 'B')
      || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(t.name, ' ') FROM events_rels r JOIN tags t ON t.id = r.tags_id
           WHERE r.parent_id = e.id AND r.path = 'tags'), '')), 'B')
      || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(node #>> '{}', ' ')
           FROM jsonb_path_query(coalesce(e.description, '{}'::jsonb), 'strict $.**.text') AS node), '')), 'C')
    FROM events src LEFT JOIN venues v ON v.id = src.venue_id
    WHERE e.id = src.id AND e.id = ANY(ids)
  $fn$;
  SELECT events_search_refresh(ARRAY(SELECT id FROM events WHERE search_vector = ''::tsvector));
`

export const searchRulesDown = (context: RuleContext): string => `
  DROP FUNCTION IF EXISTS events_search_refresh(${idSql(context)}[]);
  DROP INDEX IF EXISTS events_search_vector_idx;
  ALTER TABLE events DROP COLUMN IF EXISTS search_vector;
`
