import type { Payload } from 'payload'

import type { Event, EventListBlock, Page, SiteSetting } from '../../payload-types'
import { globalSlugs, slugs } from '../slugs'
import { cached } from '../utilities/publicCache'

/**
 * What the public site reads, always with the access of an anonymous visitor (so drafts, archived
 * pages, hidden blocks and private settings never reach it) and cached until a change commits.
 */
const findBySlug = async <T extends typeof slugs.events | typeof slugs.pages>(
  payload: Payload,
  collection: T,
  slug: string,
  depth: number,
) => {
  const { docs } = await payload.find({
    collection,
    depth,
    limit: 1,
    overrideAccess: false,
    pagination: false,
    where: { slug: { equals: slug } },
  })
  return docs[0] ?? null
}

export const getPublishedPage = (payload: Payload, slug: string): Promise<null | Page> =>
  cached(
    payload,
    `page:${slug}`,
    ['pages', 'media', 'forms'],
    () => findBySlug(payload, slugs.pages, slug, 2),
    { keepIf: (page) => page !== null },
  )

export const getPublicSettings = (payload: Payload): Promise<SiteSetting> =>
  cached(payload, 'settings', ['site-settings', 'media'], () =>
    payload.findGlobal({ slug: globalSlugs.siteSettings, depth: 1, overrideAccess: false }),
  )

/** The events an event-list block shows: upcoming, published, live data (seats change often). */
export const getListedEvents = (
  payload: Payload,
  block: Pick<EventListBlock, 'category' | 'count' | 'sort'>,
): Promise<Event[]> => {
  const key = `events:${block.category ?? '*'}:${block.sort}:${block.count}`
  return cached(
    payload,
    key,
    ['events'],
    async () => {
      const { docs } = await payload.find({
        collection: slugs.events,
        depth: 1,
        limit: block.count,
        overrideAccess: false,
        pagination: false,
        sort: block.sort ?? 'startDate',
        where: {
          and: [
            { startDate: { greater_than_equal: new Date().toISOString() } },
            ...(block.category ? [{ category: { equals: block.category } }] : []),
          ],
        },
      })
      return docs
    },
    { ttlMs: 60_000 },
  ) // "upcoming" moves with the clock
}

/** One published event by slug, with its venue; not cached (seats available must be exact). */
export const getPublishedEvent = (payload: Payload, slug: string): Promise<Event | null> =>
  findBySlug(payload, slugs.events, slug, 1)
