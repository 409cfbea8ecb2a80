import { sql } from '@payloadcms/db-postgres'
import type { Endpoint, PayloadRequest } from 'payload'

import { hasRole } from '../../src/access/roles'
import type { BookingDoc } from '../../src/documents'
import { fromMinorUnits, toMinorUnits } from '../../src/payments/minorUnits'
import type { PaymentAdapter } from '../../src/payments/paymentAdapter'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { bookingUrl } from '../../src/mail/bookingUrl'
import { idOf, parseId, sameId } from '../../src/utilities/ids'
import { inTransaction } from '../../src/utilities/inTransaction'
import { PublicError } from '../../src/utilities/publicError'
import { readJsonBody } from '../../src/utilities/readJsonBody'
import { postgresAdapter, transactionDb } from '../../src/utilities/transactionDb'
import { auditIfKept } from '../../src/audit/writeAuditLog'
import { applyPaymentNotice } from './applyPaymentNotice'
import { startRefund } from './refunds'

const noStore = { 'Cache-Control': 'private, no-store' }

type PaymentView = {
  amount: string
  amountPaid: string
  amountRefunded: string
  checkoutUrl: null | string
  currency: string
  flag: null | string
  id: string
  instructions: null | string
  provider: string
  status: string
}

const paymentView = async (req: PayloadRequest, id: string): Promise<PaymentView> => {
  const { rows } = await (
    await transactionDb(req)
  ).execute<PaymentView>(sql`
    SELECT id::text AS id, provider, status::text AS status, amount::text AS amount, currency,
           amount_paid::text AS "amountPaid", amount_refunded::text AS "amountRefunded",
           checkout_url AS "checkoutUrl", instructions, flag
      FROM payments WHERE id = ${id}`)
  if (!rows[0]) throw new PublicError('No such payment.', 404)
  return rows[0]
}

/** The booking of `/:id/...`, read with the caller's access (404 when they cannot read it). */
const bookingOf = async (
  req: PayloadRequest,
  rawId: unknown = req.routeParams?.id,
): Promise<BookingDoc> => {
  if (!req.user) throw new PublicError('Sign in first.', 401)
  const id = parseId(rawId, settingsOf(req.payload).idType)
  const booking =
    id === undefined
      ? null
      : ((await req.payload.findByID({
          collection: slugs.bookings,
          depth: 0,
          disableErrors: true,
          id,
          overrideAccess: false,
          req,
        })) as BookingDoc | null)
  if (!booking) throw new PublicError('No such booking.', 404)
  return booking
}

/** Admins, or the organizer of the booking's event (not an organizer's own booking elsewhere). */
const runsEventOf = async (req: PayloadRequest, booking: BookingDoc): Promise<boolean> => {
  if (hasRole(req, 'admin')) return true
  if (!hasRole(req, 'organizer')) return false
  const { rows } = await postgresAdapter(req).drizzle.execute<{ organizer: null | string }>(sql`
    SELECT organizer_id::text AS organizer FROM events WHERE id = ${idOf(booking.event) ?? null}`)
  return sameId(rows[0]?.organizer ?? null, req.user?.id)
}

/** The endpoint's JSON object, with no field but `fields` (a 400 names the first other one). */
const bodyWith = async (req: PayloadRequest, fields: string[]) => {
  const body = await readJsonBody(req)
  const unknown = Object.keys(body).find((key) => !fields.includes(key))
  if (unknown !== undefined) {
    throw new PublicError(`Unknown field "${unknown}".`, 400, { field: unknown })
  }
  return body
}

/** A return or cancel address: a path on the site, or an address on the site's own origin. */
const siteAddress = (value: unknown, field: string, siteUrl: string, fallback: string): string => {
  if (value === undefined || value === null || value === '') return fallback
  const site = new URL(siteUrl)
  if (typeof value === 'string' && value.length <= 2000 && !/[\s\0]/.test(value)) {
    if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) {
      return new URL(value, site).toString()
    }
    const url = URL.canParse(value) ? new URL(value) : null
    if (url && url.origin === site.origin) return url.toString()
  }
  throw new PublicError(
    `"${field}" must be a path on this site or an address on ${site.origin}.`,
    400,
    {
      field,
    },
  )
}

const adapterNamed = (adapters: PaymentAdapter[], name: unknown): PaymentAdapter => {
  if (adapters.length === 0) {
    throw new PublicError(
      'This site takes no payments online; the organizer confirms the booking once paid.',
      409,
    )
  }
  if (name === undefined || name === null) return adapters[0] as PaymentAdapter
  const adapter = adapters.find((candidate) => candidate.name === name)
  if (!adapter) {
    throw new PublicError(
      `"provider" must be one of: ${adapters.map(({ name: n }) => n).join(', ')}.`,
      400,
      { field: 'provider' },
    )
  }
  return adapter
}

const minorUnitsOf = (amount: string, currency: string): number => {
  try {
    return toMinorUnits(amount, currency)
  } catch {
    throw new PublicError(
      `${amount} ${currency} cannot be paid: more decimals than ${currency} has.`,
      409,
    )
  }
}

/**
 * A booking's one open payment with a provider (made once; a second request finds it), for its
 * exact total as PostgreSQL prints it.
 */
const openPayment = (req: PayloadRequest, booking: BookingDoc, total: string, provider: string) =>
  inTransaction(req, async () => {
    const db = await transactionDb(req)
    const { rows } = await db.execute<{ fresh: boolean; id: string }>(sql`
      INSERT INTO payments (booking_id, provider, status, amount, currency, amount_paid, amount_refunded, created_at, updated_at)
      VALUES (${booking.id}, ${provider}, 'pending', ${total}::numeric, ${booking.currency},
              0, 0, now(), now())
      ON CONFLICT (booking_id, provider) WHERE status = 'pending'
        DO UPDATE SET updated_at = payments.updated_at
      RETURNING id::text AS id, xmax = 0 AS fresh`)
    const row = rows[0] as { fresh: boolean; id: string }
    if (row.fresh) {
      await auditIfKept(req, {
        action: 'create',
        changes: { amount: total, booking: String(booking.id), provider },
        collection: slugs.payments,
        documentId: row.id,
        impersonal: true,
      })
    }
    return row.id
  })

/** The booking's exact total as PostgreSQL keeps it (the document's number may be a float). */
const totalOf = async (req: PayloadRequest, booking: BookingDoc) => {
  const { rows } = await postgresAdapter(req).drizzle.execute<{ live: boolean; total: string }>(sql`
    SELECT total_price::text AS total, coalesce(expires_at > now(), false) AS live
      FROM bookings WHERE id = ${booking.id}`)
  return rows[0] ?? { live: false, total: '0' }
}

/**
 * The checkout of a pending hold, for the customer who booked (or an admin): one open payment per
 * booking and provider (a double click gets the same checkout), its provider's page or
 * instructions. POST /api/bookings/:id/pay and the site's Pay button.
 */
export const startCheckout = async (
  req: PayloadRequest,
  bookingId: unknown,
  body: { cancelUrl?: unknown; provider?: unknown; returnUrl?: unknown },
): Promise<{ checkoutUrl: null | string; instructions: null | string; payment: PaymentView }> => {
  const booking = await bookingOf(req, bookingId)
  if (!hasRole(req, 'admin') && !sameId(booking.user, req.user?.id)) {
    throw new PublicError('Only the person who booked can pay for it.', 403)
  }
  const settings = settingsOf(req.payload)
  const adapter = adapterNamed(settings.payments.adapters, body.provider)
  const { live, total } = await totalOf(req, booking)
  const currency = booking.currency ?? ''
  const amount = minorUnitsOf(total, currency)
  if (amount === 0) {
    throw new PublicError('This booking costs nothing: there is nothing to pay.', 409)
  }
  if (booking.status === 'confirmed') throw new PublicError('This booking is paid already.', 409)
  if (booking.status !== 'pending') {
    throw new PublicError(`A ${booking.status} booking cannot be paid.`, 409, {
      status: booking.status,
    })
  }
  if (!live) throw new PublicError('This hold has expired; book again.', 409)
  const manage = bookingUrl(settings, booking)
  const returnUrl = siteAddress(
    body.returnUrl,
    'returnUrl',
    settings.mail.siteUrl,
    `${manage}?payment=done`,
  )
  const cancelUrl = siteAddress(
    body.cancelUrl,
    'cancelUrl',
    settings.mail.siteUrl,
    `${manage}?payment=cancelled`,
  )

  const paymentId = await openPayment(req, booking, total, adapter.name)
  let payment = await paymentView(req, paymentId)
  if (!payment.checkoutUrl && !payment.instructions) {
    const lines = (booking.lines ?? []).map(({ name, quantity }) => `${quantity} × ${name}`)
    const checkout = await adapter
      .createCheckout({
        amount,
        apiUrl: `${settings.mail.siteUrl}${req.payload.config.routes.api}`,
        booking: { id: String(booking.id), reference: booking.reference ?? null },
        cancelUrl,
        currency,
        description: `${lines.join(', ') || `${booking.seats} seats`} (${booking.reference ?? ''})`,
        paymentId,
        returnUrl,
      })
      .catch((error: unknown) => {
        req.payload.logger.warn({
          err: error,
          msg: `payment provider ${adapter.name} refused a checkout`,
        })
        throw new PublicError('The payment provider did not answer; try again in a moment.', 502)
      })
    await postgresAdapter(req).drizzle.execute(sql`
        UPDATE payments SET provider_payment_id = ${checkout.providerPaymentId},
               checkout_url = ${checkout.checkoutUrl}, instructions = ${checkout.instructions ?? null},
               updated_at = now()
         WHERE id = ${paymentId}`)
    payment = await paymentView(req, paymentId)
  }
  return { checkoutUrl: payment.checkoutUrl, instructions: payment.instructions, payment }
}

/**
 * POST /api/bookings/:id/pay `{provider?, returnUrl?, cancelUrl?}`: what the site needs to take
 * the money for a pending hold, from the customer who booked (or an admin). One open payment per
 * booking and provider: a double click gets the same checkout.
 */
const payEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) throw new PublicError('Sign in first.', 401)
    const body = await bodyWith(req, ['cancelUrl', 'provider', 'returnUrl'])
    return Response.json(await startCheckout(req, req.routeParams?.id, body), {
      headers: noStore,
    })
  },
  method: 'post',
  path: '/:id/pay',
}

const DECIMAL = /^\d{1,12}(\.\d{1,3})?$/

/**
 * POST /api/bookings/:id/refund `{amount?, reason?, payment?}`: admins (and organizers for their
 * own events when `payments.organizersRefund`) give money back, all that is left by default.
 */
const refundEndpoint: Endpoint = {
  handler: async (req) => {
    const booking = await bookingOf(req)
    const settings = settingsOf(req.payload)
    const mayRefund =
      hasRole(req, 'admin') ||
      (settings.payments.organizersRefund && (await runsEventOf(req, booking)))
    if (!mayRefund) {
      throw new PublicError(
        settings.payments.organizersRefund
          ? "Only an admin or the event's organizer can refund this booking."
          : 'Only an admin can refund a booking.',
        403,
      )
    }
    const body = await bodyWith(req, ['amount', 'payment', 'reason'])
    const amount = typeof body.amount === 'number' ? String(body.amount) : body.amount
    if (
      amount !== undefined &&
      (typeof amount !== 'string' || !DECIMAL.test(amount) || Number(amount) <= 0)
    ) {
      throw new PublicError('"amount" must be a positive decimal amount, e.g. "12.50".', 400, {
        field: 'amount',
      })
    }
    if (
      body.reason !== undefined &&
      (typeof body.reason !== 'string' || body.reason.length > 500 || body.reason.includes('\0'))
    ) {
      throw new PublicError('"reason" must be a text of at most 500 characters.', 400, {
        field: 'reason',
      })
    }
    const { rows } = await postgresAdapter(req).drizzle.execute<{
      currency: string
      id: string
      left: string
    }>(sql`
      SELECT id::text AS id, currency, (amount_paid - amount_refunded)::text AS left FROM payments
       WHERE booking_id = ${booking.id} AND status = 'succeeded' AND amount_paid > amount_refunded
         AND (${typeof body.payment === 'string' ? body.payment : null}::text IS NULL OR id::text = ${typeof body.payment === 'string' ? body.payment : null})
       ORDER BY created_at DESC LIMIT 1`)
    const payment = rows[0]
    if (!payment) throw new PublicError('Nothing paid for this booking is left to refund.', 409)
    // Kept in the currency's own digits ("4" EUR is refunded and shown as "4.00").
    const value = fromMinorUnits(
      minorUnitsOf((amount as string | undefined) ?? payment.left, payment.currency),
      payment.currency,
    )
    const refund = await inTransaction(req, () =>
      startRefund(req, {
        amount: value,
        payment: payment.id,
        reason: (body.reason as string | undefined) || 'refunded by staff',
        requestedBy: String(req.user?.id),
      }),
    )
    await req.payload.jobs.runByID({ id: refund.job })
    return Response.json(
      { refund: await refundView(req, refund.id) },
      { headers: noStore, status: 201 },
    )
  },
  method: 'post',
  path: '/:id/refund',
}

const refundView = async (req: PayloadRequest, id: string) => {
  const { rows } = await postgresAdapter(req).drizzle.execute(sql`
    SELECT id::text AS id, payment_id::text AS payment, amount::text AS amount, currency,
           status::text AS status, reason, failure_reason AS "failureReason"
      FROM refunds WHERE id = ${id}`)
  return rows[0]
}

/**
 * POST /api/bookings/:id/mark-paid `{reference?}`: staff (admins, organizers of the event) record
 * a payment taken by hand (the manual adapter): the booking is confirmed like any paid one.
 */
const markPaidEndpoint: Endpoint = {
  handler: async (req) => {
    const booking = await bookingOf(req)
    if (!(await runsEventOf(req, booking))) {
      throw new PublicError("Only an admin or the event's organizer can mark it paid.", 403)
    }
    const settings = settingsOf(req.payload)
    const adapter = settings.payments.adapters.find((candidate) => candidate.manual)
    if (!adapter) throw new PublicError('No manual payment adapter is configured.', 409)
    const body = await bodyWith(req, ['reference'])
    const reference = body.reference
    if (
      reference !== undefined &&
      (typeof reference !== 'string' || reference.length > 200 || reference.includes('\0'))
    ) {
      throw new PublicError('"reference" must be a text of at most 200 characters.', 400, {
        field: 'reference',
      })
    }
    if (booking.status !== 'pending' && booking.status !== 'expired') {
      throw new PublicError(`A ${booking.status} booking cannot be marked paid.`, 409, {
        status: booking.status,
      })
    }
    const { total } = await totalOf(req, booking)
    const currency = booking.currency ?? ''
    const amount = minorUnitsOf(total, currency)
    const paymentId = await openPayment(req, booking, total, adapter.name)
    const result = await inTransaction(req, async () => {
      if (reference) {
        await (
          await transactionDb(req)
        ).execute(sql`
          UPDATE bookings SET payment_reference = ${reference} WHERE id = ${booking.id}`)
      }
      return applyPaymentNotice(req, adapter.name, {
        amount,
        currency,
        eventId: `mark-paid-${paymentId}`,
        kind: 'payment',
        outcome: 'succeeded',
        paymentId,
        providerIntentId: null,
        providerPaymentId: null,
        type: 'manual.marked_paid',
      })
    })
    return Response.json(
      { outcome: result.outcome, payment: await paymentView(req, paymentId) },
      { headers: noStore },
    )
  },
  method: 'post',
  path: '/:id/mark-paid',
}

export const bookingPaymentEndpoints: Endpoint[] = [payEndpoint, refundEndpoint, markPaidEndpoint]
