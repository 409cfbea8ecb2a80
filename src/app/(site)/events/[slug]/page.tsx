import { randomUUID } from 'node:crypto'

import { RichText } from '@payloadcms/richtext-lexical/react'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { eventPath, getPublicSettings, getPublishedEvent } from 'payload-events-cms/site'

import { ChoiceField } from '../../_components/ChoiceField'
import { ColumnHeads } from '../../_components/ColumnHeads'
import { populated } from '../../_lib/populated'
import type { Event, SiteSetting, TicketType, Venue } from '../../../../../payload-types'
import { messagesOf } from '../../_lib/messages'
import { money, whenAt } from '../../_lib/format'
import { mediaUrl } from '../../_lib/media'
import { sitePayload } from '../../_lib/payload'
import { currentUser } from '../../_lib/session'
import { siteOrigin } from '../../_lib/siteOrigin'
import { bookEvent, joinWaitingList } from './actions'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const dynamic = 'force-dynamic'

/** The words of a rich-text value, for descriptions in meta tags and JSON-LD. */
const plainText = (node: unknown): string => {
  if (!node || typeof node !== 'object') return ''
  const { children, root, text } = node as { children?: unknown[]; root?: unknown; text?: unknown }
  if (typeof text === 'string') return text
  if (root) return plainText(root)
  return (children ?? []).map(plainText).join(' ').replace(/\s+/g, ' ').trim()
}

const venueOf = (event: Event) => populated<Venue>(event.venue)

/** A map of the venue: its coordinates when known, else its address. */
const mapLink = (venue: Venue): string => {
  if (typeof venue.latitude === 'number' && typeof venue.longitude === 'number') {
    return `https://www.openstreetmap.org/?mlat=${venue.latitude}&mlon=${venue.longitude}#map=17/${venue.latitude}/${venue.longitude}`
  }
  const address = [venue.name, venue.address?.street, venue.address?.city, venue.address?.country]
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address.filter(Boolean).join(', '))}`
}

/** The event's ticket types anyone may buy, with what is left (read live). */
const ticketTypesOf = async (event: Event) => {
  const { docs } = await (
    await sitePayload()
  ).find({
    collection: 'ticket-types',
    depth: 0,
    limit: 50,
    overrideAccess: false,
    pagination: false,
    sort: 'sortOrder',
    where: { event: { equals: event.id } },
  })
  return docs as TicketType[]
}

const onSale = (type: TicketType, now: number) =>
  (!type.salesOpenAt || Date.parse(type.salesOpenAt) <= now) &&
  (!type.salesCloseAt || Date.parse(type.salesCloseAt) > now)

/** schema.org's Event, for search engines. */
const jsonLd = (event: Event, url: string, image: string | undefined, types: TicketType[]) => {
  const venue = venueOf(event)
  const soldOut = (event.seatsAvailable ?? 0) <= 0
  const offers = (types.length ? types : [{ name: 'Admission', price: event.price }]).map(
    (type) => ({
      '@type': 'Offer',
      availability: `https://schema.org/${soldOut ? 'SoldOut' : 'InStock'}`,
      name: type.name,
      price: String(type.price ?? 0),
      priceCurrency: event.currency ?? 'EUR',
      url,
    }),
  )
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    description: plainText(event.description).slice(0, 500) || undefined,
    endDate: event.endDate,
    eventStatus: 'https://schema.org/EventScheduled',
    image: image ? [image] : undefined,
    location: venue
      ? {
          '@type': 'Place',
          address: {
            '@type': 'PostalAddress',
            addressCountry: venue.address?.country ?? undefined,
            addressLocality: venue.address?.city ?? undefined,
            postalCode: venue.address?.postalCode ?? undefined,
            streetAddress: venue.address?.street ?? undefined,
          },
          name: venue.name,
        }
      : undefined,
    name: event.title,
    offers,
    startDate: event.startDate,
  }
}

const OUTCOMES: Record<string, string> = {
  joined: 'You are on the waiting list; we will mail you an offer when seats free up.',
  confirm:
    'Almost there: we sent you a mail. Confirm your address from it to take your place in line.',
}

/**
 * One published event (drafts and archived events are a 404): image, description, the time on
 * the venue's clock, the venue with a map link, ticket types with prices and what is left, a
 * booking form (quantity per type; one idempotency key per rendering, so a double click, a reload
 * or Back and submit again make one booking), the waiting list when sold out, the calendar file,
 * share links, schema.org JSON-LD and Open Graph tags. Seats are read live.
 */
export default async function EventPage({ params, searchParams }: Props) {
  const payload = await sitePayload()
  const event = await getPublishedEvent<Event>(payload, (await params).slug)
  if (!event) notFound()
  const query = await searchParams
  const [types, user, settings] = await Promise.all([
    ticketTypesOf(event),
    currentUser(),
    getPublicSettings<SiteSetting>(payload),
  ])
  const now = Date.now()
  const soldOut = (event.seatsAvailable ?? 0) <= 0
  const venue = venueOf(event)
  const timeZone = venue?.timeZone ?? 'UTC'
  const image = mediaUrl(event.image, 'hero')
  const origin = await siteOrigin()
  const url = `${origin}${eventPath(event.slug)}`
  const currency = event.currency ?? 'EUR'
  const started = Date.parse(event.startDate) <= now
  const messages = await messagesOf(query)
  const outcome = messages.waitlist ?? messages.problem
  const share = encodeURIComponent(url)
  return (
    <article className="event block" data-event={event.slug}>
      <script
        dangerouslySetInnerHTML={{
          __html: JSON.stringify(jsonLd(event, url, image && `${origin}${image}`, types)).replace(
            /</g,
            '\\u003c',
          ),
        }}
        type="application/ld+json"
      />
      <p>
        <a href="/events">← All events</a>
      </p>
      {image ? <img alt="" className="event-image" src={image} /> : null}
      <h1>{event.title}</h1>
      {outcome ? (
        <p className="outcome" role="status">
          {OUTCOMES[outcome] ?? outcome}
        </p>
      ) : null}
      <dl className="facts">
        <dt>When</dt>
        <dd>
          <time dateTime={event.startDate}>{whenAt(event.startDate, timeZone)}</time>
          {' to '}
          <time dateTime={event.endDate}>{whenAt(event.endDate, timeZone)}</time>
        </dd>
        {venue ? (
          <>
            <dt>Where</dt>
            <dd>
              {venue.name}
              {venue.address?.street ? `, ${venue.address.street}` : ''}
              {venue.address?.postalCode ? `, ${venue.address.postalCode}` : ''}
              {venue.address?.city ? ` ${venue.address.city}` : ''} (
              <a href={mapLink(venue)} rel="noopener noreferrer">
                map
              </a>
              )
            </dd>
          </>
        ) : null}
        <dt>Organised by</dt>
        <dd>
          {settings.general.siteName}
          {settings.general.contactEmail ? (
            <>
              {' '}
              (
              <a href={`mailto:${settings.general.contactEmail}`}>
                {settings.general.contactEmail}
              </a>
              )
            </>
          ) : null}
        </dd>
        <dt>Seats available</dt>
        <dd data-seats-available>{event.seatsAvailable ?? 0}</dd>
      </dl>
      <p className="event-links">
        <a href={`/api/events/${event.id}/calendar.ics`}>Add to calendar (.ics)</a>
        {' · Share: '}
        <a href={`mailto:?subject=${encodeURIComponent(event.title)}&body=${share}`}>mail</a>
        {', '}
        <a href={`https://twitter.com/intent/tweet?url=${share}`} rel="noopener noreferrer">
          X
        </a>
        {', '}
        <a href={`https://www.facebook.com/sharer/sharer.php?u=${share}`} rel="noopener noreferrer">
          Facebook
        </a>
      </p>
      {started ? (
        <p>This event has started; booking is closed.</p>
      ) : soldOut ? (
        <form action={joinWaitingList} className="waiting-list-join">
          <h2>Sold out</h2>
          <p>Join the waiting list: freed seats are offered in the order people joined.</p>
          <input name="event" type="hidden" value={String(event.id)} />
          <input name="slug" type="hidden" value={event.slug ?? ''} />
          {types.length > 1 ? (
            <ChoiceField
              choices={types.map(({ id, name }) => ({ label: name, value: id }))}
              label="Ticket type"
              name="ticketType"
            />
          ) : null}{' '}
          <label>
            Seats <input defaultValue={1} max={10} min={1} name="quantity" type="number" />
          </label>{' '}
          {!user && event.waitingListGuests ? (
            <label>
              Your e-mail address{' '}
              <input autoComplete="email" maxLength={254} name="email" required type="email" />
            </label>
          ) : null}{' '}
          <button type="submit">Join the waiting list</button>
          {user ? null : event.waitingListGuests ? (
            <p>
              No account needed: we mail you a link to confirm your address. Or{' '}
              <a href={`/account/sign-in?${new URLSearchParams({ next: eventPath(event.slug) })}`}>
                sign in
              </a>
              .
            </p>
          ) : (
            <p>You will be asked to sign in first.</p>
          )}
        </form>
      ) : (
        <form action={bookEvent} className="booking-form">
          <h2>Tickets</h2>
          <input name="event" type="hidden" value={String(event.id)} />
          <input name="slug" type="hidden" value={event.slug ?? ''} />
          <input name="idempotencyKey" type="hidden" value={randomUUID()} />
          {types.length ? (
            <table>
              <ColumnHeads names={['Ticket', 'Price', 'Left', 'Quantity']} />
              <tbody>
                {types.map((type) => {
                  const left = type.seatsAvailable ?? 0
                  const available = onSale(type, now) && left > 0
                  const max = Math.min(left, type.maxPerBooking ?? 10, 20)
                  return (
                    <tr data-ticket-type={type.name} key={type.id}>
                      <th scope="row">
                        {type.name}
                        {type.description ? (
                          <>
                            <br />
                            <small className="muted">{type.description}</small>
                          </>
                        ) : null}
                      </th>
                      <td>{money(type.price, currency)}</td>
                      <td>{available ? left : onSale(type, now) ? 'Sold out' : 'Not on sale'}</td>
                      <td>
                        <label className="visually-hidden" htmlFor={`qty-${type.id}`}>
                          How many {type.name}
                        </label>
                        <input
                          defaultValue={0}
                          disabled={!available}
                          id={`qty-${type.id}`}
                          max={max}
                          min={0}
                          name={`qty:${type.id}`}
                          type="number"
                        />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          ) : (
            <p>
              {money(event.price, currency)} per seat.{' '}
              <label>
                Seats <input defaultValue={1} max={10} min={1} name="seats" type="number" />
              </label>
            </p>
          )}
          <button type="submit">Book</button>
          {user ? null : <p>You will be asked to sign in first.</p>}
        </form>
      )}
      {event.description ? (
        <div className="prose">
          <RichText data={event.description} />
        </div>
      ) : null}
    </article>
  )
}

export const generateMetadata = async ({ params }: Props): Promise<Metadata> => {
  const event = await getPublishedEvent<Event>(await sitePayload(), (await params).slug)
  if (!event) return { title: 'Event not found' }
  const description = plainText(event.description).slice(0, 200) || undefined
  const image = mediaUrl(event.image, 'og')
  const origin = await siteOrigin()
  return {
    alternates: { canonical: `${origin}${eventPath(event.slug)}` },
    description,
    openGraph: {
      description,
      images: image ? [{ url: `${origin}${image}` }] : undefined,
      title: event.title,
      type: 'website',
      url: `${origin}${eventPath(event.slug)}`,
    },
    title: event.title,
  }
}
