/**
 * Payments and refunds (issue 27) against a real database and the Stripe SDK pointed at a local
 * fake of the API (tests/helpers/fakeStripe.ts), webhooks signed with the SDK's own test helper:
 * replays have one effect, amounts are checked, states only move forward, late payments take the
 * seats again or are refunded, and refunds never exceed what was paid.
 */
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  fromMinorUnits,
  manualPaymentAdapter,
  slugs,
  stripePaymentAdapter,
  testPaymentAdapter,
  toMinorUnits,
} from 'payload-events-cms'
import { type FakeStripe, startFakeStripe } from './helpers/fakeStripe'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  firstErrorMessage,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

const WEBHOOK_SECRET = 'whsec_test_payments'
const stripe = new Stripe('sk_test_fake')

type Booking = { currency: string; id: string; status: string; totalPrice: number }
type PayAnswer = {
  checkoutUrl: null | string
  payment: { amount: string; id: string; provider: string; status: string }
}

describe('minor units', () => {
  it('should convert exactly for two-, zero- and three-decimal currencies', () => {
    expect(toMinorUnits('12.50', 'EUR')).toBe(1250)
    expect(toMinorUnits('0.1', 'EUR')).toBe(10)
    expect(toMinorUnits('1500', 'JPY')).toBe(1500)
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234)
    expect(toMinorUnits('1.5', 'KWD')).toBe(1500)
    expect(toMinorUnits('990', 'HUF')).toBe(99000)
    expect(fromMinorUnits(1250, 'EUR')).toBe('12.50')
    expect(fromMinorUnits(5, 'EUR')).toBe('0.05')
    expect(fromMinorUnits(1500, 'JPY')).toBe('1500')
    expect(fromMinorUnits(1234, 'KWD')).toBe('1.234')
  })

  it('should refuse amounts finer than the currency', () => {
    expect(() => toMinorUnits('12.5', 'JPY')).toThrow(/decimals/)
    expect(() => toMinorUnits('1.2345', 'KWD')).toThrow(/decimals/)
    expect(toMinorUnits('12.500', 'EUR')).toBe(1250)
    expect(() => toMinorUnits('-1', 'EUR')).toThrow()
  })
})

describe('payments', () => {
  let fake: FakeStripe
  let admin: Actor
  let organizer: Actor
  let user: Actor
  let otherUser: Actor

  beforeAll(async () => {
    fake = await startFakeStripe()
  })
  afterAll(async () => {
    await fake.close()
  })

  const app = useTestApp(() => ({
    plugin: {
      jobsAutoRun: false,
      payments: {
        adapters: [
          stripePaymentAdapter({
            client: fake.client,
            secretKey: 'sk_test_fake',
            webhookSecret: ['whsec_old', WEBHOOK_SECRET],
          }),
          manualPaymentAdapter(),
          testPaymentAdapter({ secret: 'test-secret' }),
        ],
      },
    },
  }))

  beforeAll(async () => {
    ;({ admin, organizer, otherUser, user } = await createActors(app))
  })
  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
    fake.calls.length = 0
    fake.refundStatus = 'succeeded'
  })

  const book = async (event: { id: string }, seats = 2, who: Actor = user) => {
    const response = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, seats },
      { token: who.token },
    )
    expect(response.status).toBe(201)
    return (await json<{ doc: Booking }>(response)).doc
  }

  const pay = async (booking: { id: string }, body: object = {}, who: Actor = user) =>
    app.rest.post(`/${slugs.bookings}/${booking.id}/pay`, body, { token: who.token })

  const checkout = async (booking: { id: string }) => {
    const response = await pay(booking)
    expect(response.status).toBe(200)
    return json<PayAnswer>(response)
  }

  let eventCount = 0
  const stripeEvent = (
    type: string,
    session: { amount: number; currency?: string; paymentId: string; status?: string },
    id = `evt_${(eventCount += 1)}`,
  ) =>
    JSON.stringify({
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          amount_total: session.amount,
          client_reference_id: session.paymentId,
          currency: session.currency ?? 'eur',
          id: `cs_${session.paymentId}`,
          metadata: { paymentId: session.paymentId },
          object: 'checkout.session',
          payment_intent: `pi_${session.paymentId}`,
          payment_status: session.status ?? 'paid',
        },
      },
      id,
      object: 'event',
      type,
    })

  const deliver = (payload: string, header?: string) =>
    app.rest.raw('POST', '/payments/webhook/stripe', payload, {
      headers:
        header === undefined
          ? {
              'stripe-signature': stripe.webhooks.generateTestHeaderString({
                payload,
                secret: WEBHOOK_SECRET,
              }),
            }
          : header === ''
            ? {}
            : { 'stripe-signature': header },
    })

  const bookingRow = async (id: string) =>
    (
      await app.sql.query<{ status: string }>(
        'SELECT status::text AS status FROM bookings WHERE id = $1',
        [id],
      )
    ).rows[0]
  const paymentRow = async (id: string) =>
    (
      await app.sql.query<{
        amount_paid: string
        amount_refunded: string
        flag: null | string
        status: string
      }>(
        'SELECT status::text AS status, amount_paid::text, amount_refunded::text, flag FROM payments WHERE id = $1',
        [id],
      )
    ).rows[0]

  it('should start one Stripe checkout per booking, whatever the clicks', async () => {
    const event = await createEvent(app, { capacity: 10, price: 19.9 })
    const booking = await book(event)
    const [first, second] = await Promise.all([checkout(booking), checkout(booking)])

    expect(first.payment.id).toBe(second.payment.id)
    expect(first.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\//)
    expect(first).toMatchObject({
      payment: { amount: '39.8', provider: 'stripe', status: 'pending' },
    })
    const sessions = fake.calls.filter(({ path }) => path === '/v1/checkout/sessions')
    expect(new Set(sessions.map(({ idempotencyKey }) => idempotencyKey)).size).toBe(1)
    expect(sessions[0]?.body.get('line_items[0][price_data][unit_amount]')).toBe('3980')
    expect(sessions[0]?.body.get('success_url')).toMatch(
      new RegExp(`/bookings/${booking.id}\\?payment=done$`),
    )
  })

  it('should refuse to pay what cannot or need not be paid, naming why', async () => {
    const paid = await createEvent(app, { capacity: 10, price: 10 })
    const free = await createEvent(app, { capacity: 10, price: 0 })
    const booking = await book(paid)

    const foreign = await pay(booking, { returnUrl: 'https://evil.example/steal' })
    expect(foreign.status).toBe(400)
    expect(await firstErrorMessage(foreign)).toMatch(/returnUrl/)
    expect((await pay(booking, { returnUrl: '//evil.example/x' })).status).toBe(400)
    expect((await pay(booking, { provider: 'paypal' })).status).toBe(400)
    expect((await pay(booking, { amount: 1 })).status).toBe(400)
    expect((await pay(booking, {}, otherUser)).status).toBe(404)
    const freeBooking = await book(free)
    expect(freeBooking.status).toBe('confirmed')
    const nothing = await pay(freeBooking)
    expect(nothing.status).toBe(409)
    expect(await firstErrorMessage(nothing)).toMatch(/costs nothing/)
    await app.sql.query(
      `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [booking.id],
    )
    const lapsed = await pay(booking)
    expect(lapsed.status).toBe(409)
    expect(await firstErrorMessage(lapsed)).toMatch(/expired/)
    expect(fake.calls).toHaveLength(0)
  })

  it('should confirm once for ten copies of one webhook at once', async () => {
    const event = await createEvent(app, { capacity: 10, price: 19.9 })
    const booking = await book(event)
    const { payment } = await checkout(booking)
    const payload = stripeEvent('checkout.session.completed', {
      amount: 3980,
      paymentId: payment.id,
    })
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })

    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(payload, header)))

    expect(answers.map(({ status }) => status)).toEqual(Array(10).fill(200))
    const bodies = await Promise.all(answers.map((answer) => json<{ duplicate: boolean }>(answer)))
    expect(bodies.filter(({ duplicate }) => !duplicate)).toHaveLength(1)
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
    expect(await paymentRow(payment.id)).toMatchObject({
      amount_paid: '39.80',
      status: 'succeeded',
    })
    const { rows: events } = await app.sql.query('SELECT outcome FROM payment_events')
    expect(events).toEqual([{ outcome: 'confirmed the booking' }])
    const { rows: audits } = await app.sql.query(
      `SELECT count(*)::int AS n FROM audit_logs WHERE collection = 'bookings' AND document_id = $1
         AND changes->'status'->>'to' = 'confirmed'`,
      [booking.id],
    )
    expect(audits).toEqual([{ n: 1 }])
    expect(await seatsBooked(app, event.id)).toBe(2)
  })

  it('should refuse a missing, wrong or stale signature with a 400 and change nothing', async () => {
    const event = await createEvent(app, { capacity: 10, price: 10 })
    const booking = await book(event, 1)
    const { payment } = await checkout(booking)
    const payload = stripeEvent('checkout.session.completed', {
      amount: 1000,
      paymentId: payment.id,
    })
    const stale = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    })
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_attacker' })
    const tampered = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })

    for (const response of [
      await deliver(payload, ''),
      await deliver(payload, 'garbage'),
      await deliver(payload, stale),
      await deliver(payload, forged),
      await deliver(payload.replace('"amount_total":1000', '"amount_total":1'), tampered),
    ]) {
      expect(response.status).toBe(400)
    }
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'pending' })
    expect(await bookingRow(booking.id)).toEqual({ status: 'pending' })
    expect((await app.sql.query('SELECT 1 FROM payment_events')).rowCount).toBe(0)
    // The old secret, still listed while rolling over, is accepted.
    const old = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_old' })
    expect((await deliver(payload, old)).status).toBe(200)
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
  })

  it('should flag a payment whose amount or currency differs, and not confirm', async () => {
    const event = await createEvent(app, { capacity: 10, price: 10 })
    const booking = await book(event, 1)
    const { payment } = await checkout(booking)

    const response = await deliver(
      stripeEvent('checkout.session.completed', { amount: 100, paymentId: payment.id }),
    )

    expect(response.status).toBe(200)
    expect(await paymentRow(payment.id)).toMatchObject({
      amount_paid: '1.00',
      flag: expect.stringMatching(/paid 1\.00 EUR, due 10/),
      status: 'succeeded',
    })
    expect(await bookingRow(booking.id)).toEqual({ status: 'pending' })

    const other = await book(event, 1)
    const second = (await checkout(other)).payment
    await deliver(
      stripeEvent('checkout.session.completed', {
        amount: 1000,
        currency: 'usd',
        paymentId: second.id,
      }),
    )
    expect(await paymentRow(second.id)).toMatchObject({ flag: expect.stringMatching(/USD/) })
    expect(await bookingRow(other.id)).toEqual({ status: 'pending' })
  })

  it('should only move a payment forward', async () => {
    const event = await createEvent(app, { capacity: 10, price: 10 })
    const booking = await book(event, 1)
    const { payment } = await checkout(booking)
    await deliver(
      stripeEvent('checkout.session.completed', { amount: 1000, paymentId: payment.id }),
    )

    const late = await deliver(
      stripeEvent('checkout.session.async_payment_failed', { amount: 1000, paymentId: payment.id }),
    )

    expect(await json(late)).toMatchObject({ outcome: 'ignored: the payment is succeeded' })
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'succeeded' })
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
    await expect(
      app.sql.query(`UPDATE payments SET status = 'failed' WHERE id = $1`, [payment.id]),
    ).rejects.toThrow(/succeeded payment cannot become failed/)
  })

  it("should refund, never keep, a payment racing the customer's cancel", async () => {
    const event = await createEvent(app, { capacity: 50, price: 10 })
    const booking = await book(event, 1)
    const { payment } = await checkout(booking)
    // A cancel that holds the booking's row while the webhook arrives, and commits after it read.
    const client = await app.sql.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE', [booking.id])
      const arriving = deliver(
        stripeEvent('checkout.session.completed', { amount: 1000, paymentId: payment.id }),
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      await client.query(
        `UPDATE bookings SET status = 'cancelled', expires_at = NULL WHERE id = $1`,
        [booking.id],
      )
      await client.query('UPDATE events SET seats_booked = seats_booked - 1 WHERE id = $1', [
        event.id,
      ])
      await client.query('COMMIT')
      const { outcome } = await json<{ outcome: string }>(await arriving)

      expect(outcome).toMatch(/paid for a cancelled booking: refunded automatically/)
    } finally {
      client.release()
    }
    await app.payload.jobs.run({ queue: 'payments' })
    expect(await bookingRow(booking.id)).toEqual({ status: 'cancelled' })
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '10.00' })
  })

  it('should take the seats again for a late payment while they are free', async () => {
    const event = await createEvent(app, { capacity: 4, price: 10 })
    const booking = await book(event, 2)
    const { payment } = await checkout(booking)
    await app.sql.query(
      `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [booking.id],
    )
    await app.payload.jobs.run({ queue: 'bookings' })
    await app.sql.query(
      `UPDATE bookings SET status = 'expired' WHERE id = $1 AND status = 'pending'`,
      [booking.id],
    )
    await app.sql.query(
      `UPDATE events SET seats_booked = (SELECT coalesce(sum(seats), 0) FROM bookings WHERE event_id = $1 AND status IN ('pending', 'confirmed')) WHERE id = $1`,
      [event.id],
    )
    expect(await seatsBooked(app, event.id)).toBe(0)

    await deliver(
      stripeEvent('checkout.session.completed', { amount: 2000, paymentId: payment.id }),
    )

    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
    expect(await seatsBooked(app, event.id)).toBe(2)
  })

  it('should refund a late payment automatically when the seats are gone', async () => {
    const event = await createEvent(app, { capacity: 2, price: 10 })
    const booking = await book(event, 2)
    const { payment } = await checkout(booking)
    await app.sql.query(
      `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [booking.id],
    )
    await book(event, 2, otherUser) // takes the lapsed seats
    expect(await bookingRow(booking.id)).toEqual({ status: 'expired' })

    const response = await deliver(
      stripeEvent('checkout.session.completed', { amount: 2000, paymentId: payment.id }),
    )
    await app.payload.jobs.run({ queue: 'payments' })

    expect(await json(response)).toMatchObject({
      outcome: expect.stringMatching(/seats were gone: refunded automatically/),
    })
    expect(await bookingRow(booking.id)).toEqual({ status: 'expired' })
    expect(await seatsBooked(app, event.id)).toBe(2)
    const refunds = fake.calls.filter(({ path }) => path === '/v1/refunds')
    expect(refunds.map(({ body }) => [body.get('amount'), body.get('payment_intent')])).toEqual([
      ['2000', `pi_${payment.id}`],
    ])
    const { rows } = await app.sql.query(
      `SELECT status::text AS status, amount::text AS amount FROM refunds`,
    )
    expect(rows).toEqual([{ amount: '20.00', status: 'done' }])
    expect(await paymentRow(payment.id)).toMatchObject({
      amount_refunded: '20.00',
      flag: expect.stringMatching(/refunded automatically/),
    })
  })

  const paidBooking = async (price = 10, seats = 2) => {
    const event = await createEvent(app, { capacity: 10, organizer: organizer.id, price })
    const booking = await book(event, seats)
    const { payment } = await checkout(booking)
    await deliver(
      stripeEvent('checkout.session.completed', {
        amount: price * seats * 100,
        paymentId: payment.id,
      }),
    )
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
    return { booking, event, payment }
  }

  const refund = (booking: { id: string }, body: object, who: Actor = admin) =>
    app.rest.post(`/${slugs.bookings}/${booking.id}/refund`, body, { token: who.token })

  it('should refuse one of two concurrent partial refunds that together exceed the payment', async () => {
    const { booking, payment } = await paidBooking(10, 2)

    const answers = await Promise.all([
      refund(booking, { amount: '15' }),
      refund(booking, { amount: '12.50' }),
    ])

    expect(answers.map(({ status }) => status).sort()).toEqual([201, 409])
    const refused = answers.find(({ status }) => status === 409) as Response
    expect(await firstErrorMessage(refused)).toMatch(/more than is left to refund/)
    const row = await paymentRow(payment.id)
    expect(['15.00', '12.50']).toContain(Number(row?.amount_refunded).toFixed(2))
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
    await expect(
      app.sql.query(`UPDATE payments SET amount_refunded = amount_paid + 1 WHERE id = $1`, [
        payment.id,
      ]),
    ).rejects.toThrow(/payments_refunds_within_paid/)
  })

  it('should free the seats once on a full refund, and refund nothing more', async () => {
    const { booking, event, payment } = await paidBooking(10, 2)
    expect(await seatsBooked(app, event.id)).toBe(2)

    const first = await refund(booking, { reason: 'customer asked' })

    expect(first.status).toBe(201)
    expect(await json(first)).toMatchObject({ refund: { amount: '20.00', status: 'done' } })
    expect(await bookingRow(booking.id)).toEqual({ status: 'refunded' })
    expect(await seatsBooked(app, event.id)).toBe(0)
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '20.00' })
    const again = await refund(booking, {})
    expect(again.status).toBe(409)
    expect(await seatsBooked(app, event.id)).toBe(0)
    const refunds = fake.calls.filter(({ path }) => path === '/v1/refunds')
    expect(refunds).toHaveLength(1)
    expect(refunds[0]?.idempotencyKey).toMatch(/^refund-/)
  })

  it('should tell the customer of each refund through the outbox', async () => {
    const { booking } = await paidBooking(10, 2)
    expect((await refund(booking, { amount: '4' })).status).toBe(201)
    expect((await refund(booking, { amount: '6' })).status).toBe(201)
    expect((await refund(booking, {})).status).toBe(201)
    await app.payload.jobs.run({ queue: 'mail' })

    const { rows } = await app.sql.query(
      `SELECT kind::text AS kind, status::text AS status, subject FROM mails
        WHERE kind::text IN ('refund-issued', 'booking-refunded') ORDER BY created_at`,
    )
    const sent = rows.filter(({ status }) => status === 'sent')
    // Each partial refund names its amount; the one that completed it is the booking-refunded mail.
    expect(sent.map(({ kind }) => kind).sort()).toEqual([
      'booking-refunded',
      'refund-issued',
      'refund-issued',
    ])
    const amounts = sent
      .filter(({ kind }) => kind === 'refund-issued')
      .map(({ subject }) => /\d+\.\d\d/.exec(subject)?.[0])
    expect(amounts.sort()).toEqual(['4.00', '6.00'])
  })

  it('should fail a refund the provider refuses or never answers, and give its amount back', async () => {
    const { booking, payment } = await paidBooking(10, 2)
    fake.refundStatus = 'refused'
    const refused = await json<{ refund: { failureReason: string; status: string } }>(
      await refund(booking, { amount: '5' }),
    )
    expect(refused.refund).toMatchObject({
      failureReason: expect.stringMatching(/already been refunded/),
      status: 'failed',
    })
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '0.00' })

    fake.refundStatus = 'down'
    const pending = await json<{ refund: { status: string } }>(
      await refund(booking, { amount: '5' }),
    )
    expect(pending.refund.status).toBe('pending')
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '5.00' })
    // The last try (the back-off skipped): failed, and the amount may be refunded again.
    await app.sql.query(
      `UPDATE payload_jobs SET total_tried = 7, wait_until = NULL WHERE task_slug::text = 'refundPayment' AND completed_at IS NULL`,
    )
    await app.payload.jobs.run({ queue: 'payments' })
    const { rows } = await app.sql.query(
      `SELECT status::text AS status, failure_reason FROM refunds ORDER BY created_at`,
    )
    expect(rows.map(({ status }) => status)).toEqual(['failed', 'failed'])
    expect(rows[1]?.failure_reason).toMatch(/did not answer/)
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '0.00' })
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
  })

  it('should finish a refund the provider confirms later, through its webhook', async () => {
    const { booking, event } = await paidBooking(10, 1)
    fake.refundStatus = 'pending'
    const answer = await json<{ refund: { id: string; status: string } }>(await refund(booking, {}))
    expect(answer.refund.status).toBe('pending')
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
    const providerRefund = (await app.sql.query('SELECT provider_refund_id FROM refunds')).rows[0]
      ?.provider_refund_id

    const payload = JSON.stringify({
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: providerRefund,
          metadata: { refundId: answer.refund.id },
          object: 'refund',
          status: 'succeeded',
        },
      },
      id: 'evt_refund_1',
      object: 'event',
      type: 'refund.updated',
    })
    expect((await deliver(payload)).status).toBe(200)
    expect((await deliver(payload)).status).toBe(200)

    expect(await bookingRow(booking.id)).toEqual({ status: 'refunded' })
    expect(await seatsBooked(app, event.id)).toBe(0)
  })

  it('should refund what was paid when the organizer cancels the event', async () => {
    const { booking, event, payment } = await paidBooking(10, 2)
    const marked = await app.rest.patch(
      `/${slugs.bookings}/${booking.id}`,
      { status: 'refunded' },
      { token: admin.token },
    )
    expect(marked.status).toBe(409)
    expect(await firstErrorMessage(marked)).toMatch(
      /20\.00 paid for this booking is not refunded yet/,
    )

    const cancelled = await app.rest.patch(
      `/${slugs.events}/${event.id}`,
      { status: 'cancelled' },
      { token: organizer.token },
    )
    expect(cancelled.status).toBe(200)
    await app.payload.jobs.run({ queue: 'payments' })

    expect(await bookingRow(booking.id)).toEqual({ status: 'cancelled' })
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '20.00' })
    const { rows } = await app.sql.query(`SELECT status::text AS status, reason FROM refunds`)
    expect(rows).toEqual([{ reason: 'the event was cancelled', status: 'done' }])
    expect(await seatsBooked(app, event.id)).toBe(0)
  })

  it('should give the money back when the customer cancels a paid booking in time, once', async () => {
    const { booking, event, payment } = await paidBooking(10, 2)
    const cancelled = await app.rest.patch(
      `/${slugs.bookings}/${booking.id}`,
      { status: 'cancelled' },
      { token: user.token },
    )
    expect(cancelled.status).toBe(200)
    // Queued with the cancel, sent by the job.
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded: '20.00' })
    await app.payload.jobs.run({ queue: 'payments' })
    const { rows } = await app.sql.query(
      `SELECT status::text AS status, reason, amount::text AS amount FROM refunds WHERE booking_id = $1`,
      [booking.id],
    )
    expect(rows).toEqual([{ amount: '20.00', reason: 'the booking was cancelled', status: 'done' }])
    expect(await bookingRow(booking.id)).toEqual({ status: 'cancelled' })
    expect(await seatsBooked(app, event.id)).toBe(0)
    // An unpaid hold let go refunds nothing.
    const hold = await book(event, 1)
    expect(
      (
        await app.rest.patch(
          `/${slugs.bookings}/${hold.id}`,
          { status: 'cancelled' },
          { token: user.token },
        )
      ).status,
    ).toBe(200)
    const { rows: none } = await app.sql.query(`SELECT 1 FROM refunds WHERE booking_id = $1`, [
      hold.id,
    ])
    expect(none).toEqual([])
  })

  it('should let only admins refund (organizers when the options allow)', async () => {
    const { booking } = await paidBooking(10, 1)
    expect((await refund(booking, {}, organizer)).status).toBe(403)
    expect((await refund(booking, {}, user)).status).toBe(403)
    expect((await refund(booking, { amount: 'ten' })).status).toBe(400)
    expect((await refund(booking, { amount: '0' })).status).toBe(400)
    expect((await refund(booking, { amount: '10.001' })).status).toBe(409)
    expect((await refund(booking, { amount: '11' })).status).toBe(409)
  })

  it('should let staff mark a booking paid by hand (the manual adapter)', async () => {
    const event = await createEvent(app, { capacity: 10, organizer: organizer.id, price: 12.5 })
    const booking = await book(event, 2)

    expect(
      (await app.rest.post(`/${slugs.bookings}/${booking.id}/mark-paid`, {}, { token: user.token }))
        .status,
    ).toBe(403)
    const marked = await app.rest.post(
      `/${slugs.bookings}/${booking.id}/mark-paid`,
      { reference: 'BANK-4711' },
      { token: organizer.token },
    )

    expect(marked.status).toBe(200)
    // An organizer's own booking of someone else's event is not theirs to mark paid.
    const elsewhere = await createEvent(app, { capacity: 10, price: 5 })
    const own = await book(elsewhere, 1, organizer)
    const self = await app.rest.post(
      `/${slugs.bookings}/${own.id}/mark-paid`,
      {},
      { token: organizer.token },
    )
    expect(self.status).toBe(403)
    expect(await json(marked)).toMatchObject({
      payment: { amountPaid: '25.00', provider: 'manual', status: 'succeeded' },
    })
    const { rows } = await app.sql.query(
      'SELECT status::text AS status, payment_reference FROM bookings WHERE id = $1',
      [booking.id],
    )
    expect(rows).toEqual([{ payment_reference: 'BANK-4711', status: 'confirmed' }])
  })

  it('should show the booking its payments, to its owner only', async () => {
    const { booking, payment } = await paidBooking(10, 1)
    const own = await json<{ docs: { id: string; status: string }[] }>(
      await app.rest.get(`/${slugs.payments}?where[booking][equals]=${booking.id}`, {
        token: user.token,
      }),
    )
    expect(own.docs.map(({ id, status }) => [id, status])).toEqual([[payment.id, 'succeeded']])
    const other = await json<{ docs: unknown[] }>(
      await app.rest.get(`/${slugs.payments}`, { token: otherUser.token }),
    )
    expect(other.docs).toEqual([])
    const organizers = await json<{ docs: unknown[] }>(
      await app.rest.get(`/${slugs.payments}`, { token: organizer.token }),
    )
    expect(organizers.docs).toHaveLength(1)
    expect(
      (await app.rest.post(`/${slugs.payments}`, { amount: 1 }, { token: admin.token })).status,
    ).toBe(403)
    expect((await app.rest.get(`/${slugs.paymentEvents}`, { token: user.token })).status).toBe(403)
  })

  it("should export a person's payments and keep them, without contact data, after erasure", async () => {
    const person = await createUserAndLogin(app, { email: 'pia@example.com', name: 'Pia' })
    const event = await createEvent(app, { capacity: 10, price: 10 })
    const booking = await book(event, 1, person)
    const payment = (await json<PayAnswer>(await pay(booking, {}, person))).payment
    await deliver(
      stripeEvent('checkout.session.completed', { amount: 1000, paymentId: payment.id }),
    )
    expect((await refund(booking, { amount: '4' })).status).toBe(201)

    const exported = await json<{ payments: { id: string }[]; refunds: { amount: number }[] }>(
      await app.rest.get('/users/me/export', { token: person.token }),
    )
    expect(exported.payments.map(({ id }) => id)).toEqual([payment.id])
    expect(exported.refunds).toHaveLength(1)
    const erased = await app.rest.post(
      `/users/${person.id}/erase`,
      { confirm: 'pia@example.com' },
      { token: admin.token },
    )
    expect(erased.status).toBe(200)

    expect(await paymentRow(payment.id)).toMatchObject({
      amount_paid: '10.00',
      amount_refunded: '4.00',
      status: 'succeeded',
    })
    const { rows } = await app.sql.query(
      `SELECT contact_snapshot_email AS email, contact_snapshot_name AS name FROM bookings WHERE id = $1`,
      [booking.id],
    )
    expect(rows[0]?.name).toBeNull()
    expect(rows[0]?.email).not.toBe('pia@example.com')
  })

  it('should pay through the test adapter page without script', async () => {
    const event = await createEvent(app, { capacity: 10, price: 10 })
    const booking = await book(event, 1)
    const answer = await json<PayAnswer>(
      await pay(booking, { provider: 'test', returnUrl: '/thanks' }),
    )
    const url = new URL(answer.checkoutUrl ?? '')
    const page = await app.rest.get(`${url.pathname.replace(/^\/api/, '')}${url.search}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('10.00 EUR')
    const form = new URLSearchParams(url.search)
    form.set('outcome', 'pay')
    const body = ['payment', 'amount', 'currency', 'return', 'cancel', 'sig', 'outcome']
      .map((name) => `${name}=${encodeURIComponent(form.get(name) ?? '')}`)
      .join('&')
    const forged = await app.rest.raw(
      'POST',
      '/payments/webhook/test',
      body.replace('amount=1000', 'amount=1'),
    )
    expect(forged.status).toBe(400)

    const posted = await app.rest.raw('POST', '/payments/webhook/test', body, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })

    expect(posted.status).toBe(303)
    expect(posted.headers.get('location')).toMatch(/\/thanks$/)
    expect(await bookingRow(booking.id)).toEqual({ status: 'confirmed' })
  })
})
