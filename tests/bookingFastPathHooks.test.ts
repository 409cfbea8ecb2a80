import type { CollectionAfterChangeHook } from 'payload'
import { describe, expect, it } from 'vitest'

import type { Booking } from '../payload-types'
import { slugs } from 'payload-events-cms'
import { createActors, createEvent, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

// Its own file: the REST route handlers keep one Payload instance per process.
describe('booking fast path with a hook the app added', () => {
  const seen: string[] = []
  const recordBooking: CollectionAfterChangeHook = ({ doc }) => {
    seen.push(String(doc.id))
    return doc
  }

  const app = useTestApp(() => ({
    plugin: {
      collections: {
        bookings: {
          override: ({ defaultCollection }) => ({
            ...defaultCollection,
            hooks: {
              ...defaultCollection.hooks,
              afterChange: [...(defaultCollection.hooks?.afterChange ?? []), recordBooking],
            },
          }),
        },
      },
    },
  }))

  it("should book through Payload's create so that the app's hook runs", async () => {
    const { user } = await createActors(app)
    const event = await createEvent(app)

    const response = await app.rest.post(
      `/${slugs.bookings}?depth=0`,
      { event: event.id, seats: 1 },
      { token: user.token },
    )

    expect(response.status).toBe(201)
    const { doc } = await json<{ doc: Booking }>(response)
    expect(seen).toEqual([doc.id])
  })
})
