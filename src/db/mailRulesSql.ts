import { idSql, type RuleContext } from './ruleContext'
import { activeBookingSql } from './conditions'
import { literal } from './sqlRules'

/**
 * The mail outbox, as PostgreSQL keeps it: whatever changes a booking or an event (Payload's
 * create, the one-statement booking, a cancel, the hold-expiry job, an editor moving an event),
 * the mail it calls for is a Payload job row inserted by a trigger in the same transaction. A
 * rolled-back change queues nothing; a committed one is mailed even if the app dies right after
 * the commit. Job input holds ids, a kind and a version only: the text is rendered at send time
 * (collections/Mails/sendMailTask.ts), so erasure leaves no personal data in the jobs table.
 *
 * Kinds and versions: a booking's confirmation (version 1), its hold reminder (1), cancellation
 * or refund (1), and "event changed" once per calendar sequence (events.calendar_sequence, raised
 * here whenever an event's time or venue changes). One mail per (kind, booking, version).
 */

export const SEND_MAIL_TASK = 'sendMail'

/** The queue mail jobs run on (jobs.autoRun runs it every minute). */
export const MAIL_QUEUE = 'mail'

// PL/pgSQL, whose body is planned at the first call: the migration that adds 'sendMail' to the
// task enum may create this in the same transaction, where the new value cannot be used yet.
const queueFunction = (context: RuleContext) => `
  CREATE OR REPLACE FUNCTION events_cms_queue_mail(kind text, booking ${idSql(context)}, version int,
      not_before timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO public.${context.jobsTable ?? 'payload_jobs'} (task_slug, queue, input, wait_until, created_at, updated_at)
    VALUES (${literal(SEND_MAIL_TASK)}, ${literal(MAIL_QUEUE)},
      jsonb_build_object('kind', kind, 'booking', booking::text, 'version', version), not_before,
      now(), now());
  END $fn$;`

/**
 * A booking's mails. The reminder of a pending hold goes out when two thirds of it have passed,
 * but never more than an hour before it lapses; a hold too short for that gets none.
 */
const bookingTrigger = () => `
  CREATE OR REPLACE FUNCTION bookings_queue_mail() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    remind_at timestamptz;
    event_status text;
  BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
      IF NEW.status = 'confirmed' THEN
        PERFORM events_cms_queue_mail('booking-confirmed', NEW.id, 1, NULL);
      ELSIF NEW.status = 'pending' AND TG_OP = 'INSERT' AND NEW.expires_at IS NOT NULL THEN
        remind_at := GREATEST(NEW.expires_at - interval '1 hour',
          NEW.created_at + (NEW.expires_at - NEW.created_at) * 2 / 3);
        IF NEW.expires_at - remind_at >= interval '2 minutes' THEN
          PERFORM events_cms_queue_mail('hold-reminder', NEW.id, 1, remind_at);
        END IF;
      ELSIF NEW.status = 'cancelled' AND TG_OP = 'UPDATE' THEN
        SELECT status::text INTO event_status FROM events WHERE id = NEW.event_id;
        PERFORM events_cms_queue_mail(
          CASE WHEN event_status = 'cancelled' THEN 'event-cancelled' ELSE 'booking-cancelled' END,
          NEW.id, 1, NULL);
      ELSIF NEW.status = 'refunded' AND TG_OP = 'UPDATE' THEN
        PERFORM events_cms_queue_mail('booking-refunded', NEW.id, 1, NULL);
      END IF;
    END IF;
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS bookings_queue_mail ON bookings;
  CREATE TRIGGER bookings_queue_mail AFTER INSERT OR UPDATE OF status ON bookings
    FOR EACH ROW EXECUTE FUNCTION bookings_queue_mail();`

/**
 * An event's calendar sequence goes up whenever its time or venue changes (whatever the writer
 * sent for it), and every holder of an active booking of a published event is told, once per
 * sequence.
 */
const eventTriggers = () => `
  ALTER TABLE events ADD COLUMN IF NOT EXISTS calendar_sequence integer NOT NULL DEFAULT 0;
  CREATE OR REPLACE FUNCTION events_calendar_sequence() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    NEW.calendar_sequence := OLD.calendar_sequence;
    IF NEW.start_date IS DISTINCT FROM OLD.start_date OR NEW.end_date IS DISTINCT FROM OLD.end_date
       OR NEW.venue_id IS DISTINCT FROM OLD.venue_id THEN
      NEW.calendar_sequence := OLD.calendar_sequence + 1;
    END IF;
    RETURN NEW;
  END $fn$;
  DROP TRIGGER IF EXISTS events_calendar_sequence ON events;
  CREATE TRIGGER events_calendar_sequence BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_calendar_sequence();
  CREATE OR REPLACE FUNCTION events_queue_change_mail() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM events_cms_queue_mail('event-changed', b.id, NEW.calendar_sequence, NULL)
      FROM bookings b WHERE b.event_id = NEW.id AND ${activeBookingSql('b')};
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS events_queue_change_mail ON events;
  CREATE TRIGGER events_queue_change_mail AFTER UPDATE ON events
    FOR EACH ROW WHEN (NEW.calendar_sequence > OLD.calendar_sequence AND NEW.status = 'published')
    EXECUTE FUNCTION events_queue_change_mail();`

export const mailRulesUp = (context: RuleContext): string =>
  queueFunction(context) + bookingTrigger() + eventTriggers()

export const mailRulesDown = (context: RuleContext): string => `
  DROP TRIGGER IF EXISTS events_queue_change_mail ON events;
  DROP FUNCTION IF EXISTS events_queue_change_mail();
  DROP TRIGGER IF EXISTS events_calendar_sequence ON events;
  DROP FUNCTION IF EXISTS events_calendar_sequence();
  DROP TRIGGER IF EXISTS bookings_queue_mail ON bookings;
  DROP FUNCTION IF EXISTS bookings_queue_mail();
  DROP FUNCTION IF EXISTS events_cms_queue_mail(text, ${idSql(context)}, int, timestamptz);
  ALTER TABLE events DROP COLUMN IF EXISTS calendar_sequence;`
