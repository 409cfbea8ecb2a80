import { idSql, type RuleContext } from './ruleContext'
import { addCheck, dropCheck, foreignKeyRule, literal } from './sqlRules'

/**
 * The waiting list as PostgreSQL keeps it: one open entry per person, event and type (a partial
 * unique index), whole quantities, an offer that names its hold, expiry and token; and the
 * triggers that keep it moving whatever frees seats (a cancellation, a lapsed hold, a refund, a
 * capacity raised): they queue the event's offer job (one pending per event) in the same
 * transaction, and an entry that becomes `offered` queues its offer mail (src/db/mailRulesSql.ts).
 */

export const OFFER_SEATS_TASK = 'offerWaitingList'
export const WAITING_LIST_QUEUE = 'waiting-list'

const checks: [name: string, check: string][] = [
  ['waiting_list_quantity_positive', 'quantity >= 1 AND quantity = trunc(quantity)'],
  [
    'waiting_list_offer_complete',
    `status <> 'offered' OR (booking_id IS NOT NULL AND offer_expires_at IS NOT NULL AND offer_token_hash IS NOT NULL)`,
  ],
  ['waiting_list_has_person', `user_id IS NOT NULL OR status NOT IN ('waiting', 'offered')`],
]

const openEntries = `status IN ('waiting', 'offered')`

const queueOffers = (context: RuleContext) => `
  CREATE OR REPLACE FUNCTION events_cms_queue_offers(event ${idSql(context)}) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    -- Every freed seat asks; the partial index of the queue's order answers for events nobody waits for.
    IF NOT EXISTS (SELECT 1 FROM waiting_list WHERE event_id = event AND status = 'waiting') THEN
      RETURN;
    END IF;
    -- One pending job per event is enough: it offers everything free when it runs.
    IF EXISTS (SELECT 1 FROM public.${context.jobsTable ?? 'payload_jobs'}
               WHERE task_slug::text = ${literal(OFFER_SEATS_TASK)} AND input->>'event' = event::text
                 AND completed_at IS NULL AND NOT coalesce(processing, false)
                 AND NOT coalesce(has_error, false)) THEN
      RETURN;
    END IF;
    INSERT INTO public.${context.jobsTable ?? 'payload_jobs'} (task_slug, queue, input, created_at, updated_at)
    VALUES (${literal(OFFER_SEATS_TASK)}, ${literal(WAITING_LIST_QUEUE)}, jsonb_build_object('event', event::text),
      now(), now());
  END $fn$;
  CREATE OR REPLACE FUNCTION events_offer_freed_seats() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM events_cms_queue_offers(NEW.id);
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS events_offer_freed_seats ON events;
  CREATE TRIGGER events_offer_freed_seats AFTER UPDATE ON events FOR EACH ROW
    WHEN (NEW.capacity - NEW.seats_booked > OLD.capacity - OLD.seats_booked)
    EXECUTE FUNCTION events_offer_freed_seats();
  CREATE OR REPLACE FUNCTION ticket_types_offer_freed_seats() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM events_cms_queue_offers(NEW.event_id);
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS ticket_types_offer_freed_seats ON ticket_types;
  CREATE TRIGGER ticket_types_offer_freed_seats AFTER UPDATE ON ticket_types FOR EACH ROW
    WHEN (coalesce(NEW.capacity, 2147483647) - NEW.seats_booked > coalesce(OLD.capacity, 2147483647) - OLD.seats_booked)
    EXECUTE FUNCTION ticket_types_offer_freed_seats();
  CREATE OR REPLACE FUNCTION waiting_list_queue_offer_mail() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM events_cms_queue_mail('waitlist-offer', NEW.booking_id, NEW.offers::int, NULL);
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS waiting_list_queue_offer_mail ON waiting_list;
  CREATE TRIGGER waiting_list_queue_offer_mail AFTER UPDATE ON waiting_list FOR EACH ROW
    WHEN (NEW.status = 'offered' AND NEW.offers > OLD.offers)
    EXECUTE FUNCTION waiting_list_queue_offer_mail();`

export const waitingListRulesUp = (context: RuleContext): string =>
  checks.map(([name, check]) => addCheck('waiting_list', name, check)).join('\n') +
  // Entries go with their event (one with bookings cannot be deleted anyway).
  foreignKeyRule('waiting_list', 'event_id', 'events', 'CASCADE') +
  `
  CREATE UNIQUE INDEX IF NOT EXISTS waiting_list_one_open_entry
    ON waiting_list (event_id, coalesce(ticket_type_id::text, ''), user_id) WHERE ${openEntries};
  CREATE INDEX IF NOT EXISTS waiting_list_queue_order
    ON waiting_list (event_id, priority DESC, created_at, id) WHERE status = 'waiting';
  CREATE UNIQUE INDEX IF NOT EXISTS waiting_list_offer_token ON waiting_list (offer_token_hash)
    WHERE offer_token_hash IS NOT NULL;` +
  queueOffers(context)

export const waitingListRulesDown = (context: RuleContext): string => `
  DROP TRIGGER IF EXISTS waiting_list_queue_offer_mail ON waiting_list;
  DROP FUNCTION IF EXISTS waiting_list_queue_offer_mail();
  DROP TRIGGER IF EXISTS ticket_types_offer_freed_seats ON ticket_types;
  DROP FUNCTION IF EXISTS ticket_types_offer_freed_seats();
  DROP TRIGGER IF EXISTS events_offer_freed_seats ON events;
  DROP FUNCTION IF EXISTS events_offer_freed_seats();
  DROP FUNCTION IF EXISTS events_cms_queue_offers(${idSql(context)});
  DROP INDEX IF EXISTS waiting_list_offer_token;
  DROP INDEX IF EXISTS waiting_list_queue_order;
  DROP INDEX IF EXISTS waiting_list_one_open_entry;
  ${checks.map(([name]) => dropCheck('waiting_list', name)).join('\n')}`

/**
 * Guests' requests (collections/WaitingList/guestEntries.ts), a set of their own because their
 * columns came later (older migrations re-run the list's rules): an unconfirmed request has an
 * address and no account yet, and one per address, event and type is open at a time (asking
 * again sends no second mail). Applied in a migration after the one that adds the status value
 * (an enum value cannot be used in the transaction that adds it).
 */
const guestChecks: [name: string, check: string][] = [
  [
    'waiting_list_guest_has_address',
    `status <> 'unconfirmed' OR (email IS NOT NULL AND user_id IS NULL)`,
  ],
]

export const waitingListGuestRulesUp = (): string =>
  guestChecks.map(([name, check]) => addCheck('waiting_list', name, check)).join('\n') +
  `
  CREATE UNIQUE INDEX IF NOT EXISTS waiting_list_one_guest_request
    ON waiting_list (event_id, coalesce(ticket_type_id::text, ''), email) WHERE status = 'unconfirmed';
  CREATE INDEX IF NOT EXISTS waiting_list_guest_requests
    ON waiting_list (email) WHERE status = 'unconfirmed';`

export const waitingListGuestRulesDown = (): string => `
  DROP INDEX IF EXISTS waiting_list_guest_requests;
  DROP INDEX IF EXISTS waiting_list_one_guest_request;
  ${guestChecks.map(([name]) => dropCheck('waiting_list', name)).join('\n')}`
