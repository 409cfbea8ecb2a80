import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { zonedClock } from 'payload-events-cms/site'

import type { Appointment, Service, Venue } from '../../../../../../payload-types'
import { sitePayload } from '../../../_lib/payload'
import { currentUser } from '../../../_lib/session'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'Booked' }

/** The confirmation: the signed-in visitor's appointment by its reference (only their own). */
export default async function BookedPage({ searchParams }: Props) {
  const reference = (await searchParams).reference
  if (typeof reference !== 'string') notFound()
  const payload = await sitePayload()
  const user = await currentUser()
  if (!user) notFound()
  const { docs } = await payload.find({
    collection: 'appointments',
    depth: 1,
    limit: 1,
    overrideAccess: false,
    user,
    where: { reference: { equals: reference } },
  })
  const appointment = docs[0] as Appointment | undefined
  if (!appointment) notFound()
  const service = appointment.service as Service
  const venue = appointment.venue as Venue | null
  const timeZone = venue?.timeZone ?? 'UTC'
  const start = zonedClock(Date.parse(appointment.start), timeZone)
  return (
    <section className="booked">
      <h1>Booked</h1>
      <dl className="facts">
        <dt>Reference</dt>
        <dd data-reference>{appointment.reference}</dd>
        <dt>What</dt>
        <dd>{service.name}</dd>
        <dt>When</dt>
        <dd>
          {start.day} {start.clock} ({timeZone})
        </dd>
        <dt>Where</dt>
        <dd>{venue?.name}</dd>
        <dt>Status</dt>
        <dd>{appointment.status}</dd>
      </dl>
      <p>
        <a href="/book">Book something else</a>
      </p>
    </section>
  )
}
