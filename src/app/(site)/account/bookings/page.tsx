import type { Metadata } from 'next'
import { redirect } from 'next/navigation'

import { ColumnHeads } from '../../_components/ColumnHeads'
import { populated } from '../../_lib/populated'
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
          <ColumnHeads names={['Event', 'When', 'Reference', 'Tickets', 'Total', 'Status']} />
          <tbody>
            {bookings.map((booking) => {
              const event = populated<Event>(booking.event)
              const venue = populated<Venue>(event?.venue)
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
