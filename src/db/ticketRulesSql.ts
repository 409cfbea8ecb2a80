import { addCheck, dropCheck, foreignKeyRule } from './sqlRules'
import { idSql, type RuleContext } from './ruleContext'
import { admissionSql, pendingBookingSql } from './conditions'

/**
 * Ticket types, booking lines, tickets and check-ins as PostgreSQL enforces them, whatever writes
 * the rows: no type sold past its capacity, lines that add up to their booking (seats, total, one
 * event), one ticket per seat, a ticket admitted once, a scanner's upload recorded once, and check-
 * ins kept as records (only an undo may change one). Idempotent, like every rule set.
 */

/** Raised by a booking statement that must undo what it already did (see operations/claimSql). */
export const BOOKING_REFUSED_SQLSTATE = 'EC001'

const WHOLE = (column: string) => `${column} = trunc(${column})`

const checks: [table: string, name: string, check: string][] = [
  ['ticket_types', 'ticket_types_price_non_negative', 'price >= 0'],
  [
    'ticket_types',
    'ticket_types_capacity_positive',
    `capacity IS NULL OR (capacity > 0 AND ${WHOLE('capacity')})`,
  ],
  [
    'ticket_types',
    'ticket_types_seats_booked_bounds',
    `seats_booked >= 0 AND ${WHOLE('seats_booked')} AND (capacity IS NULL OR seats_booked <= capacity)`,
  ],
  [
    'ticket_types',
    'ticket_types_per_booking_bounds',
    `min_per_booking >= 1 AND ${WHOLE('min_per_booking')} AND (max_per_booking IS NULL
      OR (max_per_booking >= min_per_booking AND ${WHOLE('max_per_booking')}))`,
  ],
  [
    'ticket_types',
    'ticket_types_sale_window',
    'sales_open_at IS NULL OR sales_close_at IS NULL OR sales_close_at > sales_open_at',
  ],
  ['ticket_types', 'ticket_types_hidden_has_code', 'NOT hidden OR access_code IS NOT NULL'],
  ['bookings_lines', 'bookings_lines_quantity_positive', `quantity >= 1 AND ${WHOLE('quantity')}`],
  ['bookings_lines', 'bookings_lines_unit_price_non_negative', 'unit_price >= 0'],
  [
    'bookings',
    'bookings_reference_format',
    `reference IS NOT NULL AND reference ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$'`,
  ],
  ['tickets', 'tickets_version_positive', `version >= 1 AND ${WHOLE('version')}`],
  ['tickets', 'tickets_code_hash_format', `code_hash ~ '^[0-9a-f]{64}$'`],
  [
    'check_ins',
    'check_ins_refusal_has_reason',
    `(result = 'admitted') = (reason IS NULL) AND (result = 'admitted' OR undone_at IS NULL)`,
  ],
]

const foreignKeys = ({ usersTable }: RuleContext) =>
  [
    // A type goes with its event (an event with bookings cannot be deleted anyway).
    ['ticket_types', 'event_id', 'events', 'CASCADE'],
    // What was sold stays: a type with bookings, a booking's tickets, a scanned ticket.
    ['bookings_lines', 'ticket_type_id', 'ticket_types', 'RESTRICT'],
    ['tickets', 'booking_id', 'bookings', 'RESTRICT'],
    ['tickets', 'event_id', 'events', 'RESTRICT'],
    ['tickets', 'ticket_type_id', 'ticket_types', 'RESTRICT'],
    ['check_ins', 'event_id', 'events', 'RESTRICT'],
    ['check_ins', 'ticket_id', 'tickets', 'RESTRICT'],
    ['check_ins', 'ticket_type_id', 'ticket_types', 'RESTRICT'],
    ['check_ins', 'booking_id', 'bookings', 'RESTRICT'],
    ['check_ins', 'scanned_by_id', usersTable, 'SET NULL'],
    ['check_ins', 'undone_by_id', usersTable, 'SET NULL'],
  ] as const

/** A booking's lines add up to it, name only its event's types, and it has one ticket per seat. */
const linesAddUp = (context: RuleContext) => `
  CREATE OR REPLACE FUNCTION bookings_lines_add_up() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    booking ${idSql(context)};
    memo text;
    problem text;
  BEGIN
    -- Record fields are resolved when the branch runs: each table's own column.
    IF TG_TABLE_NAME = 'bookings' THEN booking := NEW.id;
    ELSIF TG_TABLE_NAME = 'bookings_lines' AND TG_OP = 'DELETE' THEN booking := OLD._parent_id;
    ELSIF TG_TABLE_NAME = 'bookings_lines' THEN booking := NEW._parent_id;
    ELSIF TG_OP = 'DELETE' THEN booking := OLD.booking_id;
    ELSE booking := NEW.booking_id;
    END IF;
    -- A booking with its lines and tickets queues one check per row, all run at commit against
    -- the same state: the first of a run for one booking is enough. (The memo is keyed by the
    -- statement's time, so with SET CONSTRAINTS ... IMMEDIATE, where checks run after each
    -- statement, one statement's checks never stand in for the next one's.)
    memo := pg_current_xact_id()::text || '/' || statement_timestamp()::text || '/' || booking::text;
    IF current_setting('events_cms.lines_checked', true) IS NOT DISTINCT FROM memo THEN
      RETURN NULL;
    END IF;
    PERFORM set_config('events_cms.lines_checked', memo, true);
    SELECT CASE
      WHEN sums.lines = 0 THEN 'it has no lines'
      WHEN b.seats <> sums.quantity OR b.total_price <> sums.total
        THEN 'its seats and total are not the sum of its lines'
      WHEN EXISTS (SELECT 1 FROM bookings_lines l JOIN ticket_types t ON t.id = l.ticket_type_id
                    WHERE l._parent_id = b.id AND t.event_id <> b.event_id)
        THEN 'a line names another event''s ticket type'
      WHEN b.seats <> (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id)
        THEN 'it does not have one ticket per seat'
      END INTO problem
    FROM bookings b, LATERAL (
      SELECT count(*) AS lines, coalesce(sum(l.quantity), 0) AS quantity,
             coalesce(sum(l.quantity * l.unit_price), 0) AS total
        FROM bookings_lines l WHERE l._parent_id = b.id) AS sums
    WHERE b.id = booking;
    IF problem IS NOT NULL THEN
      RAISE EXCEPTION 'booking %: %', booking, problem
        USING ERRCODE = 'check_violation', CONSTRAINT = 'bookings_lines_add_up';
    END IF;
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS bookings_lines_add_up ON bookings;
  CREATE CONSTRAINT TRIGGER bookings_lines_add_up AFTER INSERT OR UPDATE OF seats, total_price, event_id
    ON bookings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bookings_lines_add_up();
  DROP TRIGGER IF EXISTS bookings_lines_add_up ON bookings_lines;
  CREATE CONSTRAINT TRIGGER bookings_lines_add_up AFTER INSERT OR UPDATE OR DELETE
    ON bookings_lines DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bookings_lines_add_up();
  DROP TRIGGER IF EXISTS bookings_lines_add_up ON tickets;
  CREATE CONSTRAINT TRIGGER bookings_lines_add_up AFTER INSERT OR DELETE
    ON tickets DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bookings_lines_add_up();
`

export const ticketRulesUp = (context: RuleContext): string => `
  CREATE OR REPLACE FUNCTION events_cms_refuse_booking() RETURNS boolean LANGUAGE plpgsql AS $fn$
  BEGIN
    RAISE EXCEPTION 'the booking was refused; nothing was changed' USING ERRCODE = '${BOOKING_REFUSED_SQLSTATE}';
  END $fn$;
  UPDATE ticket_types SET seats_booked = 0 WHERE seats_booked IS NULL;
  ALTER TABLE ticket_types ALTER COLUMN seats_booked SET NOT NULL;
  UPDATE ticket_types SET hidden = false WHERE hidden IS NULL;
  ALTER TABLE ticket_types ALTER COLUMN hidden SET NOT NULL;
  ${checks.map(([table, name, check]) => addCheck(table, name, check)).join('\n')}
  ${foreignKeys(context)
    .map(([table, column, target, rule]) => foreignKeyRule(table, column, target, rule))
    .join('\n')}
  ${linesAddUp(context)}
  -- Lapsed holds of one event, found without scanning its other bookings.
  CREATE INDEX IF NOT EXISTS bookings_pending_event_expiry_idx ON bookings (event_id, expires_at) WHERE ${pendingBookingSql()};
  CREATE UNIQUE INDEX IF NOT EXISTS check_ins_one_admission ON check_ins (ticket_id)
    WHERE ${admissionSql()};
  CREATE UNIQUE INDEX IF NOT EXISTS check_ins_scanner_nonce ON check_ins (scanned_by_id, nonce)
    WHERE nonce IS NOT NULL;
  -- A type's counter belongs to the booking statements, as the event's does.
  CREATE OR REPLACE FUNCTION ticket_types_keep_counters() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
      NEW.seats_booked := OLD.seats_booked;
    END IF;
    RETURN NEW;
  END $fn$;
  DROP TRIGGER IF EXISTS ticket_types_keep_counters ON ticket_types;
  CREATE TRIGGER ticket_types_keep_counters BEFORE UPDATE ON ticket_types
    FOR EACH ROW EXECUTE FUNCTION ticket_types_keep_counters();
  -- Check-ins are records: an undo (once) and a deleted account's id going are the only changes.
  CREATE OR REPLACE FUNCTION check_ins_keep_record() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'check_ins is a record: DELETE is not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (to_jsonb(NEW) - 'undone_at' - 'undone_by_id' - 'scanned_by_id' - 'updated_at')
         = (to_jsonb(OLD) - 'undone_at' - 'undone_by_id' - 'scanned_by_id' - 'updated_at')
       AND (NEW.scanned_by_id IS NOT DISTINCT FROM OLD.scanned_by_id OR NEW.scanned_by_id IS NULL)
       AND (OLD.undone_at IS NULL OR NEW.undone_at IS NOT DISTINCT FROM OLD.undone_at)
       AND (NEW.undone_by_id IS NOT DISTINCT FROM OLD.undone_by_id OR NEW.undone_by_id IS NULL
            OR OLD.undone_at IS NULL) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'check_ins is a record: only an undo may change it' USING ERRCODE = 'insufficient_privilege';
  END $fn$;
  DROP TRIGGER IF EXISTS check_ins_keep_record ON check_ins;
  CREATE TRIGGER check_ins_keep_record BEFORE UPDATE OR DELETE ON check_ins
    FOR EACH ROW EXECUTE FUNCTION check_ins_keep_record();
`

export const ticketRulesDown = (context: RuleContext): string => `
  DROP TRIGGER IF EXISTS check_ins_keep_record ON check_ins;
  DROP FUNCTION IF EXISTS check_ins_keep_record();
  DROP TRIGGER IF EXISTS ticket_types_keep_counters ON ticket_types;
  DROP FUNCTION IF EXISTS ticket_types_keep_counters();
  DROP INDEX IF EXISTS check_ins_scanner_nonce;
  DROP INDEX IF EXISTS check_ins_one_admission;
  DROP INDEX IF EXISTS bookings_pending_event_expiry_idx;
  DROP TRIGGER IF EXISTS bookings_lines_add_up ON tickets;
  DROP TRIGGER IF EXISTS bookings_lines_add_up ON bookings_lines;
  DROP TRIGGER IF EXISTS bookings_lines_add_up ON bookings;
  DROP FUNCTION IF EXISTS bookings_lines_add_up();
  ${foreignKeys(context)
    .map(([table, column, target]) => foreignKeyRule(table, column, target, 'SET NULL'))
    .join('\n')}
  ${checks.map(([table, name]) => dropCheck(table, name)).join('\n')}
  DROP FUNCTION IF EXISTS events_cms_refuse_booking();
`
