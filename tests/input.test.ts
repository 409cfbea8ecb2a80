/**
 * Text PostgreSQL cannot store (NUL bytes, lone UTF-16 surrogates) is refused with a 400 naming the
 * field on every write path, instead of a 500 from the database.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { globalSlugs, slugs } from 'payload-events-cms'
import { ACCOUNT_TABLES, type Actor, createActors, createEvent, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type ErrorBody = { errors: { data?: { field?: string }; message: string }[] }

describe('unstorable text', () => {
  let admin: Actor
  let user: Actor

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  it.each([
    ['a NUL byte', 'Hall\u0000 A'],
    ['a lone high surrogate', 'Hall \ud800 A'],
    ['a lone low surrogate', 'Hall \udc00 A'],
  ])('should refuse %s in a field with a 400 naming it', async (_, name) => {
    const response = await app.rest.post(
      `/${slugs.venues}`,
      { address: { city: 'Berlin' }, capacity: 10, name },
      { token: admin.token },
    )

    expect(response.status).toBe(400)
    expect((await json<ErrorBody>(response)).errors[0]?.data?.field).toBe('name')
    expect((await app.payload.count({ collection: slugs.venues })).totalDocs).toBe(0)
  })

  it('should refuse a NUL byte deep in rich text and in a global', async () => {
    const event = await createEvent(app)
    const description = { root: { children: [{ text: 'x\u0000y', type: 'text' }], type: 'root' } }

    const edited = await app.rest.patch(
      `/${slugs.events}/${event.id}`,
      { description },
      {
        token: admin.token,
      },
    )
    const settings = await app.rest.post(
      `/globals/${globalSlugs.siteSettings}`,
      { general: { siteName: 'Bad\u0000Name' } },
      { token: admin.token },
    )

    expect([edited.status, settings.status]).toEqual([400, 400])
    expect((await json<ErrorBody>(edited)).errors[0]?.data?.field).toBe(
      'description.root.children.0.text',
    )
  })

  it('should refuse a NUL byte in a booking idempotencyKey on the fast path too', async () => {
    const event = await createEvent(app)

    const response = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, idempotencyKey: 'key\u0000', seats: 1 },
      { token: user.token },
    )

    expect(response.status).toBe(400)
    expect((await json<ErrorBody>(response)).errors[0]?.data?.field).toBe('idempotencyKey')
  })

  it('should still store ordinary text, emoji included', async () => {
    const response = await app.rest.post(
      `/${slugs.venues}`,
      { address: { city: 'Köln' }, capacity: 10, name: 'Café 🎷 Hall' },
      { token: admin.token },
    )

    expect(response.status).toBe(201)
  })
})
