/**
 * The public cache's dependency table (src/site/cacheDependencies.ts): every cached answer is
 * dropped when any collection or global it is read from changes or loses a document, through the
 * hooks the plugin adds from the table, and the answers themselves show the change (a venue
 * renamed shows in the events that use it).
 */
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { globalSlugs, slugs } from 'payload-events-cms'
import { cached } from 'payload-events-cms/platform'
import {
  type CachedAnswer,
  cachedAnswers,
  cacheTagsOf,
  getListedEvents,
  getNavigation,
  getPublicSettings,
} from 'payload-events-cms/site'
import {
  type Actor,
  createActors,
  createContactForm,
  createEvent,
  createMedia,
  createVenue,
  json,
  richText,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type Source = (typeof cachedAnswers)[CachedAnswer][number]

describe('cache dependencies', () => {
  let payload: Payload
  let organizer: Actor

  const app = useTestApp(() => ({ plugin: { cache: { listen: false } } }))

  beforeAll(async () => {
    payload = app.payload
    ;({ organizer } = await createActors(app))
  })

  /** One cached entry per answer; a load counter per answer says whether it was dropped. */
  const probes = () => {
    const loads = new Map<CachedAnswer, number>()
    const answers = Object.keys(cachedAnswers) as CachedAnswer[]
    const read = () =>
      Promise.all(
        answers.map((answer) =>
          cached(payload, `probe:${answer}`, cacheTagsOf(answer), async () => {
            loads.set(answer, (loads.get(answer) ?? 0) + 1)
            return answer
          }),
        ),
      )
    /** The answers loaded again since the last call. */
    const reloaded = async () => {
      const before = new Map(loads)
      await read()
      return answers.filter((answer) => loads.get(answer) !== before.get(answer)).sort()
    }
    return { read, reloaded }
  }

  const dependingOn = (source: Source) =>
    (Object.keys(cachedAnswers) as CachedAnswer[])
      .filter((answer) => (cachedAnswers[answer] as readonly string[]).includes(source))
      .sort()

  /** A create, an update and a delete of one document of each source collection. */
  const writes: Record<
    Exclude<Source, 'navigation' | 'siteSettings'>,
    () => Promise<{
      update: () => Promise<unknown>
      remove: () => Promise<unknown>
    }>
  > = {
    events: async () => {
      const event = await createEvent(app)
      return {
        remove: () => payload.delete({ collection: slugs.events, id: event.id }),
        update: () =>
          payload.update({ collection: slugs.events, data: { title: 'Renamed' }, id: event.id }),
      }
    },
    forms: async () => {
      const form = await createContactForm(app)
      return {
        remove: () => payload.delete({ collection: slugs.forms, id: form.id }),
        update: () =>
          payload.update({ collection: slugs.forms, data: { title: 'Renamed' }, id: form.id }),
      }
    },
    media: async () => {
      const media = await createMedia(app)
      return {
        remove: () => payload.delete({ collection: slugs.media, id: media.id }),
        update: () =>
          payload.update({ collection: slugs.media, data: { alt: 'Renamed' }, id: media.id }),
      }
    },
    pages: async () => {
      const page = await payload.create({
        collection: slugs.pages,
        data: {
          _status: 'published',
          layout: [{ alignment: 'left', blockType: 'richText', content: richText('Hi') }],
          slug: `probe-${Date.now()}`,
          title: 'Probe',
        },
      })
      return {
        remove: () => payload.delete({ collection: slugs.pages, id: page.id }),
        update: () =>
          payload.update({ collection: slugs.pages, data: { title: 'Renamed' }, id: page.id }),
      }
    },
    tags: async () => {
      const tag = await payload.create({
        collection: slugs.tags,
        data: { name: `Tag ${Date.now()}`, slug: `tag-${Date.now()}` },
      })
      return {
        remove: () => payload.delete({ collection: slugs.tags, id: tag.id }),
        update: () =>
          payload.update({ collection: slugs.tags, data: { name: `R ${Date.now()}` }, id: tag.id }),
      }
    },
    ticketTypes: async () => {
      // Ticket types are the event organizer's: made through REST as that organizer.
      const event = await createEvent(app, { organizer: organizer.id })
      const path = `/${slugs.ticketTypes}`
      const made = await app.rest.post(
        path,
        { event: event.id, name: 'Probe', price: 10 },
        { token: organizer.token },
      )
      expect(made.status).toBe(201)
      const { doc } = await json<{ doc: { id: string } }>(made)
      const as = { token: organizer.token }
      return {
        remove: async () =>
          expect((await app.rest.delete(`${path}/${doc.id}`, as)).status).toBe(200),
        update: async () =>
          expect((await app.rest.patch(`${path}/${doc.id}`, { price: 12 }, as)).status).toBe(200),
      }
    },
    venues: async () => {
      const venue = await createVenue(app)
      return {
        remove: () => payload.delete({ collection: slugs.venues, id: venue.id }),
        update: () =>
          payload.update({ collection: slugs.venues, data: { name: 'Renamed' }, id: venue.id }),
      }
    },
  }

  for (const source of Object.keys(writes) as (keyof typeof writes)[]) {
    it(`should drop every answer read from ${source} when one changes or is deleted`, async () => {
      const { read, reloaded } = probes()
      const made = await writes[source]()
      await read()
      await made.update()
      expect(await reloaded()).toEqual(dependingOn(source))
      await made.remove()
      expect(await reloaded()).toEqual(dependingOn(source))
      // Nothing else was written: nothing is dropped.
      expect(await reloaded()).toEqual([])
    })
  }

  it('should drop the answers read from the site settings when they change', async () => {
    const { read, reloaded } = probes()
    await read()
    await payload.updateGlobal({
      data: { general: { siteName: `Site ${Date.now()}` } },
      slug: globalSlugs.siteSettings,
    })
    expect(await reloaded()).toEqual(dependingOn('siteSettings'))
    expect(
      (await getPublicSettings<{ general: { siteName: string } }>(payload)).general.siteName,
    ).toMatch(/^Site /)
  })

  it('should drop the menus when the navigation changes, and show only published targets', async () => {
    const { read, reloaded } = probes()
    await read()
    const event = await createEvent(app)
    await reloaded()
    await payload.updateGlobal({
      data: {
        footer: [{ kind: 'url', label: 'Elsewhere', url: 'https://example.com/' }],
        header: [
          { event: event.id, kind: 'event', label: 'Our event' },
          { kind: 'url', label: 'All events', url: '/events' },
        ],
      },
      slug: globalSlugs.navigation,
    })
    expect(await reloaded()).toEqual(dependingOn('navigation'))
    expect(await getNavigation(payload)).toEqual({
      footer: [{ external: true, href: 'https://example.com/', label: 'Elsewhere' }],
      header: [
        { external: false, href: `/events/${event.slug}`, label: 'Our event' },
        { external: false, href: '/events', label: 'All events' },
      ],
    })
    // The event goes back to draft: its link leaves the menu with the next read.
    await payload.update({ collection: slugs.events, data: { status: 'draft' }, id: event.id })
    expect((await getNavigation(payload)).header.map(({ label }) => label)).toEqual(['All events'])
    await expect(
      payload.updateGlobal({
        data: { header: [{ kind: 'url', label: 'Bad', url: 'javascript:alert(1)' }] },
        slug: globalSlugs.navigation,
      }),
    ).rejects.toThrow(/Header 1 > Url/)
  })

  it('should show a renamed venue and tag in the cached event answers at once', async () => {
    const venue = await createVenue(app, { name: 'Old Hall' })
    const tag = await payload.create({
      collection: slugs.tags,
      data: { name: 'Old tag', slug: 'old-tag' },
    })
    const event = await createEvent(app, { tags: [tag.id], venue: venue.id })
    const read = async () => {
      const one = await json<{ tags: { name: string }[]; venue: { name: string } }>(
        await app.rest.get(`/${slugs.events}/${event.id}?depth=1`),
      )
      const list = await json<{ docs: { venue: { name: string } }[] }>(
        await app.rest.get(`/${slugs.events}?depth=1&where[id][equals]=${event.id}`),
      )
      const block = await getListedEvents(payload, { count: 10, sort: 'startDate' })
      const listed = block.find(({ id }) => id === event.id) as unknown as
        { venue: { name: string } } | undefined
      return [one.venue.name, one.tags[0]?.name, list.docs[0]?.venue.name, listed?.venue.name]
    }
    expect(await read()).toEqual(['Old Hall', 'Old tag', 'Old Hall', 'Old Hall'])
    await payload.update({ collection: slugs.venues, data: { name: 'New Hall' }, id: venue.id })
    await payload.update({ collection: slugs.tags, data: { name: 'New tag' }, id: tag.id })
    expect(await read()).toEqual(['New Hall', 'New tag', 'New Hall', 'New Hall'])
  })
})
