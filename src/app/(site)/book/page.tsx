import type { Metadata } from 'next'

import type { Service } from '../../../../payload-types'
import { money } from '../_lib/format'
import { sitePayload } from '../_lib/payload'

export const dynamic = 'force-dynamic'

export const metadata: Metadata = { title: 'Book an appointment' }

/** /book: the published services (packages), popular first, each with a link to its free times. */
export default async function ServicesPage() {
  const payload = await sitePayload()
  const { docs } = await payload.find({
    collection: 'services',
    depth: 0,
    limit: 100,
    overrideAccess: false,
    sort: ['-popular', 'sortOrder', 'name'],
  })
  const services = docs as Service[]
  return (
    <section className="services">
      <h1>Book an appointment</h1>
      {services.length === 0 ? <p>Nothing can be booked right now.</p> : null}
      <ul className="service-list">
        {services.map((service) => (
          <li className="service" key={service.id}>
            <h2>
              <a href={`/book/${service.id}`}>{service.name}</a>
              {service.popular ? <span className="badge"> Popular</span> : null}
            </h2>
            {service.description ? <p>{service.description}</p> : null}
            <p>
              {service.durationMinutes} minutes · {money(Number(service.price), service.currency)}
              {service.pricing === 'per_guest' && Number(service.price) > 0 ? ' per guest' : ''}
              {service.maxGuests > 1 ? ` · up to ${service.maxGuests} guests` : ''}
            </p>
            {service.features?.length ? (
              <ul className="features">
                {service.features.map((item) => (
                  <li key={item.id ?? item.feature}>{item.feature}</li>
                ))}
              </ul>
            ) : null}
            <a className="button" href={`/book/${service.id}`}>
              Choose a time
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
