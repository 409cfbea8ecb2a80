import type { EventListBlock as EventListBlockData, Venue } from '../../../../../payload-types'
import { getListedEvents } from 'payload-events-cms/site'
import { sitePayload } from '../../_lib/payload'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' })

/** Reads live events when the page renders; the page itself never stores them. */
export const EventListBlock = async ({ block }: { block: EventListBlockData }) => {
  const events = await getListedEvents(await sitePayload(), block)
  return (
    <section className="block event-list">
      {block.heading ? <h2>{block.heading}</h2> : null}
      {events.length === 0 ? (
        <p>No upcoming events.</p>
      ) : (
        <ul className={`events ${block.layout}`}>
          {events.map((event) => (
            <li key={event.id}>
              <a href={`/events/${event.slug}`}>
                <strong>{event.title}</strong>
                <span>{dateFormat.format(new Date(event.startDate))}</span>
                {typeof event.venue === 'object' ? (
                  <span>{(event.venue as Venue).name}</span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
