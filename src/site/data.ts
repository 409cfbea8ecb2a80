import type { Payload } from 'payload'

import type { EventDoc, PageDoc } from '../documents'
import { cacheTagsOf } from './cacheDependencies'
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

export const getPublishedPage = <TPage = PageDoc>(
  payload: Payload,
  slug: string,
): Promise<null | TPage> =>
  cached<null | TPage>(
    payload,
    `page:${slug}`,
    cacheTagsOf('publishedPage'),
    async () => (await findBySlug(payload, slugs.pages, slug, 2)) as null | TPage,
    { keepIf: (page) => page !== null },
  )

export const getPublicSettings = <TSettings = Record<string, unknown>>(
  payload: Payload,
): Promise<TSettings> =>
  cached(
    payload,
    'settings',
    cacheTagsOf('publicSettings'),
    async () =>
      (await payload.findGlobal({
        slug: globalSlugs.siteSettings,
        depth: 1,
        overrideAccess: false,
      })) as TSettings,
  )

/** The events an event-list block shows: upcoming, published, live data (seats change often). */
export const getListedEvents = (
  payload: Payload,
  block: { category?: null | string; count: number; sort?: null | string },
): Promise<EventDoc[]> => {
  const key = `events:${block.category ?? '*'}:${block.sort}:${block.count}`
  return cached(
    payload,
    key,
    cacheTagsOf('listedEvents'),
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
      return docs as unknown as EventDoc[]
    },
    { ttlMs: 60_000 },
  ) // "upcoming" moves with the clock
}

/** One published event by slug, with its venue; not cached (seats available must be exact). */
export const getPublishedEvent = async <TEvent = EventDoc>(
  payload: Payload,
  slug: string,
): Promise<null | TEvent> => (await findBySlug(payload, slugs.events, slug, 1)) as null | TEvent
