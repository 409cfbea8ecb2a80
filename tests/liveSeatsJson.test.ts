/**
 * The JSON of cached answers with live seats (collections/Events/liveSeatsJson.ts): the text made
 * once per cached answer and filled in per hit is exactly what serialising the answer with its
 * live figures gives, before and after bookings, for events without a row and for drafts.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { withLiveListSeats } from '../collections/Events/eventListEndpoint'
import { eventJson, listJson } from '../collections/Events/liveSeatsJson'
import type { ListBody } from '../src/site/anonymousList'
import { ACCOUNT_TABLES, type Actor, createActors, createEvent } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

describe('cached answers as JSON with live seats', () => {
  let user: Actor
  const app = useTestApp()

  beforeAll(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
    ;({ user } = await createActors(app))
  })

  const anonymousList = async () =>
    (await app.payload.find({
      collection: slugs.events,
      depth: 1,
      overrideAccess: false,
      sort: 'title',
    })) as unknown as ListBody

  it('should give the text of the list with its live figures, hit after hit', async () => {
    // A title that looks like the figures must stay as it is.
    const events = [
      await createEvent(app, { capacity: 10, title: 'A "seatsBooked":1 night' }),
      await createEvent(app, { capacity: 5, title: 'B quiet night' }),
    ]
    const body = await anonymousList()
    const before = await listJson(app.payload, body, { events: true })
    expect(before).toBe(JSON.stringify(await withLiveListSeats(app, body)))

    const booked = await app.rest.post(
      `/${slugs.bookings}`,
      { event: events[1]?.id, seats: 2 },
      { token: user.token },
    )
    expect(booked.status).toBe(201)
    const after = await listJson(app.payload, body, { events: true })

    expect(after).toBe(JSON.stringify(await withLiveListSeats(app, body)))
    expect(JSON.parse(after)).toMatchObject({
      docs: [
        { seatsAvailable: 10, seatsBooked: 0, title: 'A "seatsBooked":1 night' },
        { seatsAvailable: 3, seatsBooked: 2 },
      ],
    })
  })

  it("should keep an event's cached figures when its row is gone, and serialise other lists once", async () => {
    await createEvent(app, { capacity: 7, title: 'C gone soon' })
    const body = await anonymousList()
    const gone = body.docs.find(({ title }) => title === 'C gone soon')
    await app.payload.delete({ collection: slugs.events, id: String(gone?.id) })

    const text = await listJson(app.payload, body, { events: true })
    const media = { docs: [{ id: 1, seatsBooked: 3, url: '/m.jpg' }] }

    expect(text).toBe(JSON.stringify(await withLiveListSeats(app, body)))
    expect(JSON.parse(text).docs).toContainEqual(expect.objectContaining({ seatsAvailable: 7 }))
    expect(await listJson(app.payload, media, { events: false })).toBe(JSON.stringify(media))
  })

  it('should answer a published event with live seats and leave a draft to Payload', async () => {
    const event = await createEvent(app, { capacity: 4, title: 'D single' })
    const cached = await app.payload.findByID({
      collection: slugs.events,
      depth: 0,
      id: event.id,
      overrideAccess: false,
    })
    await app.rest.post(`/${slugs.bookings}`, { event: event.id, seats: 1 }, { token: user.token })

    expect(JSON.parse((await eventJson(app.payload, cached)) ?? '{}')).toEqual({
      ...cached,
      seatsAvailable: 3,
      seatsBooked: 1,
    })
    await app.payload.update({ collection: slugs.events, data: { status: 'draft' }, id: event.id })
    expect(await eventJson(app.payload, cached)).toBeUndefined()
  })
})
