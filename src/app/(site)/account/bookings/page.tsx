import type { Metadata } from 'next'
import { redirect } from 'next/navigation'

import type { Booking, Event, Venue } from '../../../../../payload-types'
import { money, shortWhen } from '../../_lib/format'
import { sitePayload } from '../../_lib/payload'
import { currentUser, siteRequest } from '../../_lib/session'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Your bookings' }

/** /account/bookings: the visitor's bookings, newest first, each linking to its page. */
export default async function MyBookingsPage() {
  const user = await currentUser()
  if (!user) redirect('/account/sign-in?next=/account/bookings')
  const { docs } = await (
    await sitePayload()
  ).find({
    collection: 'bookings',
    depth: 2,
    limit: 100,
    overrideAccess: false,
    populate: {
      events: { startDate: true, title: true, venue: true },
      venues: { timeZone: true },
    },
    req: await siteRequest(user),
    sort: '-createdAt',
    user,
    where: { user: { equals: user.id } },
  })
  const bookings = docs as Booking[]
  return (
    <section className="block my-bookings">
      <h1>Your bookings</h1>
      {bookings.length === 0 ? (
        <p>
          No bookings yet. <a href="/events">Find an event</a>.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">When</th>
              <th scope="col">Reference</th>
              <th scope="col">Tickets</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {bookings.map((booking) => {
              const event = typeof booking.event === 'object' ? (booking.event as Event) : null
              const venue = event && typeof event.venue === 'object' ? (event.venue as Venue) : null
              return (
                <tr data-booking={booking.reference ?? ''} key={booking.id}>
                  <td>
                    <a href={`/bookings/${booking.id}`}>{event?.title ?? 'Event'}</a>
                  </td>
                  <td>{event ? shortWhen(event.startDate, venue?.timeZone ?? 'UTC') : ''}</td>
                  <td>{booking.reference}</td>
                  <td>{booking.seats}</td>
                  <td>{money(booking.totalPrice ?? 0, booking.currency ?? 'EUR')}</td>
                  <td data-status={booking.status}>{booking.status}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
