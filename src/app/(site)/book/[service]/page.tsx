import { randomUUID } from 'node:crypto'

import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { createLocalReq } from 'payload'

import { availability } from 'payload-events-cms/collections'
import { zonedClock } from 'payload-events-cms/site'

import type { Service } from '../../../../../payload-types'
import { messagesOf } from '../../_lib/messages'
import { sitePayload } from '../../_lib/payload'
import { bookAppointment } from './actions'
import { currentUser } from '../../_lib/session'

type Props = {
  params: Promise<{ service: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const dynamic = 'force-dynamic'

const DAY = 86_400_000
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
const isDay = (value: string | undefined): value is string =>
  Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)))

/** A published service, or undefined (an unknown id, a draft, a malformed id). */
const findService = async (id: string) => {
  const payload = await sitePayload()
  const { docs } = await payload
    .find({
      collection: 'services',
      depth: 0,
      limit: 1,
      overrideAccess: false,
      where: { id: { equals: id } },
    })
    .catch(() => ({ docs: [] }))
  return docs[0] as Service | undefined
}

/**
 * /book/:service?venue=&day=: the venues that offer the service, the free start times of one day
 * on the venue's clock (the free-slot search), and a form to book one as the signed-in visitor.
 */
export default async function ServicePage({ params, searchParams }: Props) {
  const { service: id } = await params
  const query = await searchParams
  const service = await findService(id)
  if (!service) notFound()
  const payload = await sitePayload()
  const { docs: resources } = await payload.find({
    collection: 'resources',
    depth: 1,
    limit: 200,
    overrideAccess: false,
    where: { and: [{ services: { contains: service.id } }, { active: { equals: true } }] },
  })
  const venues = [
    ...new Map(
      resources.flatMap(({ venue }) =>
        typeof venue === 'object' ? [[venue.id, venue] as const] : [],
      ),
    ).values(),
  ]
  const venue = venues.find(({ id: venueId }) => venueId === first(query.venue)) ?? venues[0]
  const timeZone = venue?.timeZone ?? 'UTC'
  const today = zonedClock(Date.now(), timeZone).day
  const wanted = first(query.day)
  const day = isDay(wanted) && wanted >= today ? wanted : today
  const user = await currentUser()
  const slots = venue
    ? (
        await availability(await createLocalReq({}, payload), {
          from: day,
          service: service.id,
          to: day,
          venue: venue.id,
        })
      ).slots
    : []
  const { problem } = await messagesOf(query)
  const dayLink = (offset: number) => {
    const next = new Date(Date.parse(`${day}T12:00:00Z`) + offset * DAY).toISOString().slice(0, 10)
    return `/book/${service.id}?${new URLSearchParams({ day: next, venue: String(venue?.id ?? '') })}`
  }
  return (
    <section className="book-service">
      <p>
        <a href="/book">All services</a>
      </p>
      <h1>{service.name}</h1>
      <p>
        {service.durationMinutes} minutes
        {service.maxGuests > 1 ? `, ${service.minGuests} to ${service.maxGuests} guests` : ''}
      </p>
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      {venues.length === 0 ? <p>This service is not offered anywhere right now.</p> : null}
      {venue ? (
        <form action={`/book/${service.id}`} className="choose-day" method="get">
          <label>
            Where{' '}
            <select defaultValue={String(venue.id)} name="venue">
              {venues.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Day <input defaultValue={day} min={today} name="day" type="date" />
          </label>{' '}
          <button type="submit">Show times</button>
        </form>
      ) : null}
      {venue ? (
        <nav aria-label="Days">
          {day > today ? <a href={dayLink(-1)}>Previous day</a> : null}{' '}
          <a href={dayLink(1)}>Next day</a>
        </nav>
      ) : null}
      {venue && slots.length === 0 ? <p>No free times on {day}. Try another day.</p> : null}
      {venue && slots.length > 0 ? (
        <form action={bookAppointment} className="book-form">
          <input name="service" type="hidden" value={String(service.id)} />
          <input name="venue" type="hidden" value={String(venue.id)} />
          <input name="day" type="hidden" value={day} />
          {/* One key per rendered form: a double click or a resubmit books once. */}
          <input name="idempotencyKey" type="hidden" value={randomUUID()} />
          <fieldset>
            <legend>
              Free times on {day} ({timeZone})
            </legend>
            <div className="slots">
              {slots.map((slot, index) => (
                <label className="slot" key={slot.start}>
                  <input
                    defaultChecked={index === 0}
                    name="start"
                    required
                    type="radio"
                    value={slot.start}
                  />{' '}
                  {slot.local.slice(11)}
                </label>
              ))}
            </div>
          </fieldset>
          {service.maxGuests > 1 ? (
            <label>
              Guests{' '}
              <input
                defaultValue={service.minGuests}
                max={service.maxGuests}
                min={service.minGuests}
                name="guests"
                type="number"
              />
            </label>
          ) : null}
          <label>
            Notes <textarea maxLength={2000} name="notes" />
          </label>
          {user ? (
            <button className="button" type="submit">
              Book this time
            </button>
          ) : (
            <p>
              <a href={`/account/sign-in?next=${encodeURIComponent(`/book/${service.id}`)}`}>
                Sign in
              </a>{' '}
              to book.
            </p>
          )}
        </form>
      ) : null}
    </section>
  )
}

export const generateMetadata = async ({ params }: Props): Promise<Metadata> => {
  const service = await findService((await params).service)
  return { title: service ? `Book: ${service.name}` : 'Not found' }
}
