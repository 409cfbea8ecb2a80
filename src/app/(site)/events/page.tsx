import type { Metadata } from 'next'

import { eventCategories } from 'payload-events-cms/collections'
import { eventPath, listEvents, listingOptions, parseEventFilters } from 'payload-events-cms/site'

import type { Venue } from '../../../../payload-types'
import { ChoiceField } from '../_components/ChoiceField'
import { money, shortWhen } from '../_lib/format'
import { mediaUrl } from '../_lib/media'
import { sitePayload } from '../_lib/payload'
import { populated } from '../_lib/populated'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'Events' }

/** The query of this page with some parameters changed (pagination keeps the filters). */
const withParams = (query: Record<string, string | undefined>, changes: Record<string, string>) => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value) params.set(key, value)
  }
  const text = params.toString()
  return text ? `/events?${text}` : '/events'
}

/**
 * /events: upcoming published events (or past ones), filtered by day range, category, tag, venue
 * or city, free or paid, and the full-text search, all in the URL (a GET form: shareable, the back
 * button works, no script). The ids come from the public cache, the seats live.
 */
export default async function EventsPage({ searchParams }: Props) {
  const query = await searchParams
  const { filters, problems } = parseEventFilters(query)
  const payload = await sitePayload()
  const [listing, { tags, venues }] = await Promise.all([
    listEvents(payload, filters),
    listingOptions(payload),
  ])
  const current: Record<string, string | undefined> = {
    category: filters.category,
    city: filters.city,
    cost: filters.cost,
    from: filters.from,
    q: filters.q,
    tag: filters.tag,
    to: filters.to,
    venue: filters.venue,
    when: filters.past ? 'past' : undefined,
  }
  return (
    <section className="block events-listing">
      <h1>{filters.past ? 'Past events' : 'Upcoming events'}</h1>
      <p>
        {filters.past ? (
          <a href={withParams(current, { when: '' })}>Show upcoming events</a>
        ) : (
          <a href={withParams(current, { when: 'past' })}>Show past events</a>
        )}
      </p>
      <form action="/events" className="filters" method="get" role="search">
        {filters.past ? <input name="when" type="hidden" value="past" /> : null}
        <label>
          Search <input defaultValue={filters.q} maxLength={200} name="q" type="search" />
        </label>
        <label>
          From <input defaultValue={filters.from} name="from" type="date" />
        </label>
        <label>
          To <input defaultValue={filters.to} name="to" type="date" />
        </label>
        <ChoiceField
          choices={eventCategories.map((category) => ({ label: category, value: category }))}
          label="Category"
          name="category"
          value={filters.category}
        />
        <ChoiceField
          choices={tags.map(({ id, name }) => ({ label: name, value: id }))}
          label="Tag"
          name="tag"
          value={filters.tag}
        />
        <ChoiceField
          choices={venues.map(({ id, name }) => ({ label: name, value: id }))}
          label="Venue"
          name="venue"
          value={filters.venue}
        />
        <label>
          City <input defaultValue={filters.city} maxLength={120} name="city" type="text" />
        </label>
        <ChoiceField
          choices={[
            { label: 'Free', value: 'free' },
            { label: 'Paid', value: 'paid' },
          ]}
          label="Price"
          name="cost"
          none="Free or paid"
          value={filters.cost}
        />
        <button type="submit">Find events</button> <a href="/events">Clear</a>
      </form>
      {problems.length ? (
        <ul className="problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <p aria-live="polite" data-total={listing.totalDocs}>
        {listing.totalDocs} event{listing.totalDocs === 1 ? '' : 's'}
      </p>
      <ul className="event-cards">
        {listing.docs.map((event) => {
          const venue = populated<Venue>(event.venue)
          const image = mediaUrl((event as { image?: unknown }).image, 'card')
          const soldOut = (event.seatsAvailable ?? 0) <= 0
          return (
            <li className="event-card" data-event={event.slug} key={String(event.id)}>
              {image ? <img alt="" height={180} src={image} width={320} /> : null}
              <h2>
                <a href={eventPath(event.slug)}>{event.title}</a>
              </h2>
              <p>{shortWhen(event.startDate, venue?.timeZone ?? 'UTC')}</p>
              {venue ? (
                <p>
                  {venue.name}
                  {venue.address?.city ? `, ${venue.address.city}` : ''}
                </p>
              ) : null}
              <p>
                {event.priceFrom > 0 ? 'From ' : ''}
                {money(event.priceFrom, event.currency ?? 'EUR')}
                {' · '}
                {soldOut ? (
                  <strong className="sold-out">Sold out</strong>
                ) : (
                  <span>{event.seatsAvailable} seats left</span>
                )}
              </p>
            </li>
          )
        })}
      </ul>
      {listing.docs.length === 0 ? <p>No events match these filters.</p> : null}
      {listing.totalPages > 1 ? (
        <nav aria-label="Pages" className="pagination">
          {listing.page > 1 ? (
            <a href={withParams(current, { page: String(listing.page - 1) })} rel="prev">
              Previous
            </a>
          ) : null}
          <span>
            Page {listing.page} of {listing.totalPages}
          </span>
          {listing.page < listing.totalPages ? (
            <a href={withParams(current, { page: String(listing.page + 1) })} rel="next">
              Next
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  )
}
