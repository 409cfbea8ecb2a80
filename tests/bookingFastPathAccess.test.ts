import { describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { createEvent, json } from './helpers/fixtures'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

// Its own file: the REST route handlers keep one Payload instance per process.
describe('booking fast path with create access the app changed', () => {
  const app = useTestApp(() => ({
    plugin: {
      collections: {
        bookings: {
          // Only members with a phone number on file may book.
          override: ({ defaultCollection }) => ({
            ...defaultCollection,
            access: {
              ...defaultCollection.access,
              create: ({ req }) => Boolean(req.user?.phone),
            },
          }),
        },
      },
    },
  }))

  it("should apply the app's access rule to a plain booking", async () => {
    const withoutPhone = await createUserAndLogin(app, { email: 'nophone@example.com' })
    const withPhone = await createUserAndLogin(app, {
      email: 'phone@example.com',
      phone: '+49 30 1234567',
    })
    const event = await createEvent(app)
    const book = (token: string) =>
      app.rest.post(`/${slugs.bookings}?depth=0`, { event: event.id, seats: 1 }, { token })

    const refused = await book(withoutPhone.token)
    const accepted = await book(withPhone.token)

    expect(refused.status).toBe(403)
    expect(await json(refused)).toMatchObject({ errors: [{ message: expect.any(String) }] })
    expect(accepted.status).toBe(201)
  })
})
