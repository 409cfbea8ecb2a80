import { addCheck, dropCheck, foreignKeyRule } from './sqlRules'

/**
 * Payments as PostgreSQL keeps them (collections/Payments/): exact, non-negative amounts; the
 * refunds of a payment never above what it paid (every refund adds its amount to the payment's
 * `amount_refunded` in its own INSERT, a failed one takes it back, and a CHECK bounds the sum, so
 * two concurrent refunds that together exceed the payment cannot both commit); a payment's status
 * only moves forward; one open (pending) payment per booking and provider; and payments and
 * refunds are kept while their booking is (RESTRICT).
 */
const checks: [table: string, name: string, check: string][] = [
  [
    'payments',
    'payments_amounts_valid',
    'amount >= 0 AND amount_paid >= 0 AND amount_refunded >= 0',
  ],
  ['payments', 'payments_refunds_within_paid', 'amount_refunded <= amount_paid'],
  ['payments', 'payments_currency_code', `currency ~ '^[A-Z]{3}$'`],
  ['refunds', 'refunds_amount_positive', 'amount > 0'],
]

const triggers = `
  CREATE OR REPLACE FUNCTION payments_move_forward() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status = 'succeeded' OR NEW.status = 'pending') THEN
      RAISE EXCEPTION 'a % payment cannot become %', OLD.status, NEW.status
        USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_move_forward';
    END IF;
    RETURN NEW;
  END $fn$;
  DROP TRIGGER IF EXISTS payments_move_forward ON payments;
  CREATE TRIGGER payments_move_forward BEFORE UPDATE OF status ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_move_forward();

  CREATE OR REPLACE FUNCTION refunds_count_against_payment() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      IF NEW.status <> 'failed' THEN
        UPDATE payments SET amount_refunded = amount_refunded + NEW.amount, updated_at = now()
         WHERE id = NEW.payment_id;
      END IF;
      RETURN NULL;
    END IF;
    IF NEW.amount <> OLD.amount OR NEW.payment_id <> OLD.payment_id OR NEW.booking_id <> OLD.booking_id
       OR (OLD.status <> 'pending' AND NEW.status <> OLD.status) THEN
      RAISE EXCEPTION 'a % refund cannot change its amount, payment or outcome', OLD.status
        USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_keep_record';
    END IF;
    IF NEW.status = 'failed' AND OLD.status <> 'failed' THEN
      UPDATE payments SET amount_refunded = amount_refunded - NEW.amount, updated_at = now()
       WHERE id = NEW.payment_id;
    END IF;
    RETURN NULL;
  END $fn$;
  -- A settled refund is mailed (the outbox's, when the app has mail): the booking's n-th one.
  CREATE OR REPLACE FUNCTION refunds_queue_mail() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF to_regproc('events_cms_queue_mail') IS NOT NULL THEN
      PERFORM events_cms_queue_mail('refund-issued', NEW.booking_id,
        (SELECT count(*)::int FROM refunds WHERE booking_id = NEW.booking_id AND status = 'done'), NULL);
    END IF;
    RETURN NULL;
  END $fn$;
  DROP TRIGGER IF EXISTS refunds_queue_mail ON refunds;
  CREATE TRIGGER refunds_queue_mail AFTER UPDATE OF status ON refunds FOR EACH ROW
    WHEN (NEW.status = 'done' AND OLD.status <> 'done') EXECUTE FUNCTION refunds_queue_mail();
  DROP TRIGGER IF EXISTS refunds_count_against_payment ON refunds;
  CREATE TRIGGER refunds_count_against_payment AFTER INSERT OR UPDATE ON refunds
    FOR EACH ROW EXECUTE FUNCTION refunds_count_against_payment();
  CREATE OR REPLACE FUNCTION refunds_keep_record() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    RAISE EXCEPTION 'refunds are financial records: they are never deleted'
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'refunds_keep_record';
  END $fn$;
  DROP TRIGGER IF EXISTS refunds_keep_record ON refunds;
  CREATE TRIGGER refunds_keep_record BEFORE DELETE ON refunds
    FOR EACH ROW EXECUTE FUNCTION refunds_keep_record();`

export const paymentRulesUp = (): string =>
  checks.map(([table, name, check]) => addCheck(table, name, check)).join('\n') +
  foreignKeyRule('payments', 'booking_id', 'bookings', 'RESTRICT') +
  foreignKeyRule('refunds', 'payment_id', 'payments', 'RESTRICT') +
  foreignKeyRule('refunds', 'booking_id', 'bookings', 'RESTRICT') +
  `
  CREATE UNIQUE INDEX IF NOT EXISTS payments_one_open
    ON payments (booking_id, provider) WHERE status = 'pending';` +
  triggers

export const paymentRulesDown = (): string => `
  DROP TRIGGER IF EXISTS refunds_queue_mail ON refunds;
  DROP FUNCTION IF EXISTS refunds_queue_mail();
  DROP TRIGGER IF EXISTS refunds_keep_record ON refunds;
  DROP FUNCTION IF EXISTS refunds_keep_record();
  DROP TRIGGER IF EXISTS refunds_count_against_payment ON refunds;
  DROP FUNCTION IF EXISTS refunds_count_against_payment();
  DROP TRIGGER IF EXISTS payments_move_forward ON payments;
  DROP FUNCTION IF EXISTS payments_move_forward();
  DROP INDEX IF EXISTS payments_one_open;
  ${checks.map(([table, name]) => dropCheck(table, name)).join('\n')}`
