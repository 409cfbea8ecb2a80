import type { Metadata } from 'next'
import { notFound, redirect } from 'next/navigation'
import QRCode from 'qrcode'

import { ticketsOfBooking } from 'payload-events-cms/collections'
import { eventPath } from 'payload-events-cms/site'

import { ColumnHeads } from '../../_components/ColumnHeads'
import { populated } from '../../_lib/populated'
import type { Booking, Event, Payment, Venue } from '../../../../../payload-types'
import { Countdown } from '../../_components/Countdown'
import { Notices } from '../../_components/Notices'
import { firstParam } from '../../_lib/forms'
import { money, whenAt } from '../../_lib/format'
import { sitePayload } from '../../_lib/payload'
import { currentUser, siteRequest } from '../../_lib/session'
import { cancelMyBooking, payBooking } from './actions'

type Props = {
  params: Promise<{ id: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Your booking' }

const EVENT_FIELDS = {
  cancellationCutoffHours: true,
  endDate: true,
  slug: true,
  startDate: true,
  title: true,
  venue: true,
} as const
const VENUE_FIELDS = { address: true, name: true, timeZone: true } as const

const STATUS: Record<Booking['status'], string> = {
  cancelled: 'Cancelled',
  confirmed: 'Confirmed',
  expired: 'Expired: the hold lapsed before it was paid',
  pending: 'Held for you, not paid yet',
  refunded: 'Refunded',
}

/** Each ticket's code as a QR code (SVG), drawn on the server: no script, no extra request. */
const ticketsWithQr = async (req: Awaited<ReturnType<typeof siteRequest>>, id: string) => {
  const { tickets } = await ticketsOfBooking(req, id)
  return Promise.all(
    tickets.map(async (ticket) => ({
      ...ticket,
      svg: ticket.code
        ? await QRCode.toString(ticket.code, { errorCorrectionLevel: 'M', margin: 2, type: 'svg' })
        : '',
    })),
  )
}

/**
 * /bookings/:id (the link in every booking mail): the booking for the person who made it. A hold
 * shows its countdown and the Pay button; a confirmed booking its tickets with QR codes to show
 * at the door and the calendar file; payments and refunds with their state; Cancel until the
 * organizer's cut-off.
 */
export default async function BookingPage({ params, searchParams }: Props) {
  const { id } = await params
  const user = await currentUser()
  if (!user) redirect(`/account/sign-in?${new URLSearchParams({ next: `/bookings/${id}` })}`)
  const payload = await sitePayload()
  const req = await siteRequest(user)
  const booking = (await payload
    .findByID({
      collection: 'bookings',
      depth: 2,
      disableErrors: true,
      id,
      overrideAccess: false,
      // An event's default population is a summary: this page needs its place and cut-off too.
      populate: { events: EVENT_FIELDS, venues: VENUE_FIELDS },
      req,
      user,
    })
    .catch(() => null)) as Booking | null
  if (!booking) notFound()
  const query = await searchParams
  const event = populated<Event>(booking.event)
  const venue = populated<Venue>(event?.venue)
  const timeZone = venue?.timeZone ?? 'UTC'
  const currency = booking.currency ?? 'EUR'
  const total = Number(booking.totalPrice ?? 0)
  const now = Date.now()
  const [payments, tickets] = await Promise.all([
    payload
      .find({
        collection: 'payments',
        depth: 0,
        limit: 20,
        overrideAccess: false,
        req,
        sort: 'createdAt',
        user,
        where: { booking: { equals: booking.id } },
      })
      .then(({ docs }) => docs as Payment[])
      .catch(() => [] as Payment[]),
    booking.status === 'confirmed' ? ticketsWithQr(req, String(booking.id)) : Promise.resolve([]),
  ])
  const holding =
    booking.status === 'pending' && booking.expiresAt && Date.parse(booking.expiresAt) > now
  const started = event ? Date.parse(event.startDate) <= now : true
  const cutoffHours = event?.cancellationCutoffHours ?? 0
  const cancellable =
    (booking.status === 'pending' ||
      (booking.status === 'confirmed' &&
        event !== null &&
        Date.parse(event.startDate) - cutoffHours * 3_600_000 > now)) &&
    !started
  const paymentOutcome = firstParam(query.payment)
  return (
    <article className="block booking" data-booking-status={booking.status}>
      <p>
        <a href="/account/bookings">← Your bookings</a>
      </p>
      <h1>{event ? event.title : 'Your booking'}</h1>
      <Notices query={query} />
      {paymentOutcome === 'done' && booking.status === 'confirmed' ? (
        <p className="outcome" role="status">
          Paid: thank you. Your tickets are below and on their way by mail.
        </p>
      ) : paymentOutcome === 'done' ? (
        <p className="outcome" role="status">
          Thank you: the payment is being confirmed. Reload this page in a moment.
        </p>
      ) : paymentOutcome === 'cancelled' ? (
        <p className="problem" role="alert">
          The payment was not completed. You can try again while the hold lasts.
        </p>
      ) : null}
      <dl className="facts">
        <dt>Reference</dt>
        <dd data-reference>{booking.reference}</dd>
        <dt>Status</dt>
        <dd data-status={booking.status}>{STATUS[booking.status]}</dd>
        {event ? (
          <>
            <dt>When</dt>
            <dd>{whenAt(event.startDate, timeZone)}</dd>
            <dt>Where</dt>
            <dd>
              {venue?.name}
              {venue?.address?.city ? `, ${venue.address.city}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <table className="lines">
        <ColumnHeads names={['Ticket', 'Quantity', 'Price']} />
        <tbody>
          {(booking.lines ?? []).map((line, index) => (
            <tr key={line.id ?? index}>
              <td>{line.name}</td>
              <td>{line.quantity}</td>
              <td>{money(line.unitPrice ?? 0, currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={2} scope="row">
              Total
            </th>
            <td data-total>{money(total, currency)}</td>
          </tr>
        </tfoot>
      </table>
      {holding && booking.expiresAt ? (
        <section className="hold">
          <p>
            These seats are held for you until{' '}
            <time dateTime={booking.expiresAt}>{whenAt(booking.expiresAt, timeZone)}</time>:{' '}
            <Countdown until={booking.expiresAt} /> left.
          </p>
          {total > 0 ? (
            <form action={payBooking}>
              <input name="booking" type="hidden" value={String(booking.id)} />
              <button type="submit">Pay {money(total, currency)}</button>
            </form>
          ) : null}
        </section>
      ) : null}
      {booking.status === 'confirmed' ? (
        <section className="tickets">
          <h2>Your tickets</h2>
          <p>
            Show a ticket's code at the door (on screen or printed). Each code lets one person in.
          </p>
          {event ? (
            <p>
              <a href={`/api/events/${event.id}/calendar.ics`}>Add to calendar (.ics)</a>
            </p>
          ) : null}
          <ul className="ticket-list">
            {tickets.map((ticket, index) => (
              <li className="ticket" data-ticket={ticket.id} key={ticket.id}>
                <div
                  aria-label={`QR code of ticket ${index + 1}`}
                  className="qr"
                  dangerouslySetInnerHTML={{ __html: ticket.svg }}
                  role="img"
                />
                <p>
                  {ticket.ticketType?.name ?? 'Admission'}
                  {ticket.attendeeName ? ` · ${ticket.attendeeName}` : ''}
                  <br />
                  <code>{ticket.codeGrouped}</code>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {payments.length ? (
        <section className="payments">
          <h2>Payments</h2>
          <ul>
            {payments.map((payment) => (
              <li data-payment-status={payment.status} key={payment.id}>
                {money(payment.amount, payment.currency)} · {payment.status}
                {Number(payment.amountRefunded) > 0
                  ? ` · ${money(payment.amountRefunded, payment.currency)} refunded`
                  : ''}
                {payment.instructions ? <p>{payment.instructions}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {cancellable ? (
        <form action={cancelMyBooking} className="cancel">
          <input name="booking" type="hidden" value={String(booking.id)} />
          <p>
            {booking.status === 'pending'
              ? 'Changed your mind? Let the seats go.'
              : `You can cancel until ${whenAt(new Date(Date.parse(event?.startDate ?? '') - cutoffHours * 3_600_000).toISOString(), timeZone)}.`}
            {payments.some(({ amountPaid }) => Number(amountPaid) > 0)
              ? ' What you paid is refunded to the way you paid.'
              : ''}
          </p>
          <button type="submit">Cancel this booking</button>
        </form>
      ) : null}
      {event && ['cancelled', 'expired', 'refunded'].includes(booking.status) ? (
        <p>
          <a href={eventPath(event.slug)}>Book {event.title} again</a>
        </p>
      ) : null}
    </article>
  )
}
