import type { Payload } from 'payload'

import type { EventDoc, PageDoc } from '../documents'
import { cacheTagsOf } from './cacheDependencies'
import { globalSlugs, slugs } from '../slugs'
import { eventPath, pagePath } from '../utilities/pagePath'
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

export type NavigationLink = { external: boolean; href: string; label: string }
export type SiteNavigation = { footer: NavigationLink[]; header: NavigationLink[] }

type StoredLink = {
  event?: unknown
  kind?: null | string
  label?: null | string
  page?: unknown
  url?: null | string
}

/** A menu entry's address, or null while the page or event it names is not published. */
const linkOf = ({ event, kind, label, page, url }: StoredLink): NavigationLink | null => {
  const slugOf = (doc: unknown) =>
    doc && typeof doc === 'object' ? ((doc as { slug?: null | string }).slug ?? null) : null
  const href =
    kind === 'page'
      ? slugOf(page) !== null
        ? pagePath(slugOf(page))
        : null
      : kind === 'event'
        ? slugOf(event) !== null
          ? eventPath(slugOf(event))
          : null
        : url || null
  if (!href || !label) return null
  return { external: /^https?:/i.test(href), href, label }
}

/**
 * The site's menus (the navigation global) as anonymous visitors see them: links to pages and
 * events only while those are published (a draft or archived target reads as an id and drops out).
 */
export const getNavigation = (payload: Payload): Promise<SiteNavigation> =>
  cached(payload, 'navigation', cacheTagsOf('navigation'), async () => {
    if (!payload.config.globals.some(({ slug }) => slug === globalSlugs.navigation)) {
      return { footer: [], header: [] }
    }
    const stored = (await payload.findGlobal({
      slug: globalSlugs.navigation,
      depth: 1,
      overrideAccess: false,
    })) as { footer?: StoredLink[] | null; header?: StoredLink[] | null }
    const resolve = (links?: StoredLink[] | null) =>
      (links ?? []).flatMap((link) => linkOf(link) ?? [])
    return { footer: resolve(stored.footer), header: resolve(stored.header) }
  })

/** Every published page and event, for sitemap.xml (paths and last changes). */
export const getSitemapEntries = (
  payload: Payload,
): Promise<{ lastModified: string; path: string }[]> =>
  cached(
    payload,
    'sitemap',
    cacheTagsOf('sitemap'),
    async () => {
      const read = (collection: typeof slugs.events | typeof slugs.pages) =>
        payload.find({
          collection,
          depth: 0,
          limit: 5000,
          overrideAccess: false,
          pagination: false,
          select: { slug: true, updatedAt: true },
        })
      const [pages, events] = await Promise.all([read(slugs.pages), read(slugs.events)])
      const entry = (path: string, doc: { updatedAt?: unknown }) => ({
        lastModified: String(doc.updatedAt ?? ''),
        path,
      })
      return [
        ...pages.docs.map((doc) => entry(pagePath((doc as { slug?: string }).slug), doc)),
        ...events.docs.map((doc) => entry(eventPath((doc as { slug?: string }).slug), doc)),
      ]
    },
    { ttlMs: 60_000 },
  )
