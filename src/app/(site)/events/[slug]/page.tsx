import { RichText } from '@payloadcms/richtext-lexical/react'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import type { Event, Venue } from '../../../../../payload-types'
import { getPublishedEvent } from 'payload-events-cms/site'
import { mediaUrl } from '../../_lib/media'
import { sitePayload } from '../../_lib/payload'
import { joinWaitingList } from './actions'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const dynamic = 'force-dynamic'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' })
const money = (amount: number, currency: string) =>
  amount === 0
    ? 'Free'
    : new Intl.NumberFormat('en-GB', { currency, style: 'currency' }).format(amount)

/** One published event with its venue and the seats still available (read live, not cached). */
export default async function EventPage({ params, searchParams }: Props) {
  const event = await getPublishedEvent<Event>(await sitePayload(), (await params).slug)
  if (!event) notFound()
  const waitlist = (await searchParams).waitlist
  const soldOut = (event.seatsAvailable ?? 0) <= 0
  const venue = typeof event.venue === 'object' ? (event.venue as Venue) : undefined
  const image = mediaUrl(event.image, 'hero')
  return (
    <article className="event" data-event={event.slug}>
      {image ? <img alt="" className="event-image" src={image} /> : null}
      <h1>{event.title}</h1>
      <dl className="facts">
        <dt>When</dt>
        <dd>
          {dateFormat.format(new Date(event.startDate))}
          {event.endDate ? ` - ${dateFormat.format(new Date(event.endDate))}` : ''}
        </dd>
        {venue ? (
          <>
            <dt>Where</dt>
            <dd>
              {venue.name}
              {venue.address?.city ? `, ${venue.address.city}` : ''}
            </dd>
          </>
        ) : null}
        <dt>Price</dt>
        <dd>{money(Number(event.price ?? 0), event.currency ?? 'EUR')}</dd>
        <dt>Seats available</dt>
        <dd data-seats-available>{event.seatsAvailable ?? 0}</dd>
      </dl>
      {soldOut ? (
        <form action={joinWaitingList} className="waiting-list-join">
          <p>
            Sold out. Join the waiting list: freed seats are offered in the order people joined.
          </p>
          <input name="event" type="hidden" value={String(event.id)} />
          <input name="slug" type="hidden" value={event.slug ?? ''} />
          <label>
            Seats <input defaultValue={1} max={10} min={1} name="quantity" type="number" />
          </label>{' '}
          <button type="submit">Join the waiting list</button>
        </form>
      ) : null}
      {typeof waitlist === 'string' ? (
        <p className="outcome" role="status">
          {waitlist === 'joined'
            ? 'You are on the waiting list; we will mail you an offer.'
            : waitlist}
        </p>
      ) : null}
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
  return { title: event?.title ?? 'Event not found' }
}
