import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionConfig,
  GlobalAfterChangeHook,
  GlobalConfig,
} from 'payload'

import type { PluginSettings } from '../settings'
import { globalSlugs } from '../slugs'
import { announceChange } from '../utilities/cacheChanges'
import type { CacheTag } from '../utilities/publicCache'

/** Collections and globals the public answers are read from (names as in `settings.slugs`). */
export type CacheSource =
  | 'events'
  | 'forms'
  | 'media'
  | 'navigation'
  | 'pages'
  | 'siteSettings'
  | 'tags'
  | 'ticketTypes'
  | 'venues'

/** What an anonymous event read shows: the event, its venue and tags (depth 1), images, offers. */
const eventSources = ['events', 'venues', 'tags', 'ticketTypes', 'media'] as const

/**
 * THE table of the public cache: each cached answer and every collection or global it is read
 * from. Readers tag their entries with `cacheTagsOf(answer)`; every source gets the hooks that
 * drop those entries after a committed change or delete (`withCacheInvalidation`, applied by the
 * plugin to each collection whatever its slug), so a new dependency is one line here.
 * Raw-SQL writers that bypass hooks call `announceChange` with the sources they wrote.
 */
export const cachedAnswers = {
  /** One published event (`GET /api/events/:id`, the site's event pages), depth 0 or 1. */
  event: eventSources,
  /** Anonymous event lists (`GET /api/events`). */
  eventList: eventSources,
  /** The events an event-list block shows on a page. */
  listedEvents: eventSources,
  /** A published page with its blocks (images, galleries, contact forms) at depth 2. */
  publishedPage: ['pages', 'media', 'forms'],
  /** A ticket type as anyone reads it (a published event's, not hidden), without live seats. */
  ticketType: ['ticketTypes', 'events'],
  /** Anonymous lists of the media library (`GET /api/media`). */
  mediaList: ['media'],
  /** The site's menus with the pages and events they link to (only the published ones show). */
  navigation: ['navigation', 'pages', 'events'],
  /** Published pages and events for sitemap.xml. */
  sitemap: ['pages', 'events'],
  /** The public part of the site settings, with its logo and icons. */
  publicSettings: ['siteSettings', 'media'],
} as const satisfies Record<string, readonly CacheSource[]>

export type CachedAnswer = keyof typeof cachedAnswers

/** The tags an entry of `answer` carries: one per source it is read from. */
export const cacheTagsOf = (answer: CachedAnswer): readonly CacheTag[] => cachedAnswers[answer]

const feedsTheCache = new Set<CacheSource>(Object.values(cachedAnswers).flat())

/** Which source a collection of this app is (its slug may be the app's own, e.g. media). */
const sourceOf = (settings: PluginSettings, slug: string): CacheSource | undefined =>
  [...feedsTheCache].find((source) =>
    source === 'siteSettings' || source === 'navigation'
      ? false
      : (settings.slugs as Record<string, null | string>)[source] === slug,
  )

/** The collection with hooks that announce `tags` once a change or delete commits. */
const announcing = (collection: CollectionConfig, tags: CacheSource[]): CollectionConfig => {
  const afterChange: CollectionAfterChangeHook = async ({ doc, req }) => {
    await announceChange(req, { tags })
    return doc
  }
  const afterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
    await announceChange(req, { tags })
    return doc
  }
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), afterChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), afterDelete],
    },
  }
}

/**
 * Adds to a collection that feeds cached answers the hooks that drop them, on every app server,
 * once a change (drafts, trash and restore included) or a delete commits. Any other collection is
 * returned as it is.
 */
export const withCacheInvalidation = (
  collection: CollectionConfig,
  settings: PluginSettings,
): CollectionConfig => {
  const source = sourceOf(settings, collection.slug)
  return source ? announcing(collection, [source]) : collection
}

/**
 * Payload's folders collection: deleting a folder takes its files out of it underneath (no media
 * hook runs), so a folder's change or delete counts as a change of media.
 */
export const foldersWithCacheInvalidation = (collection: CollectionConfig): CollectionConfig =>
  announcing(collection, ['media'])

const globalSources: Record<string, CacheSource> = {
  [globalSlugs.navigation]: 'navigation',
  [globalSlugs.siteSettings]: 'siteSettings',
}

export const globalWithCacheInvalidation = (global: GlobalConfig): GlobalConfig => {
  const source = globalSources[global.slug]
  if (!source) return global
  const afterChange: GlobalAfterChangeHook = async ({ doc, req }) => {
    await announceChange(req, { tags: [source] })
    return doc
  }
  return {
    ...global,
    hooks: { ...global.hooks, afterChange: [...(global.hooks?.afterChange ?? []), afterChange] },
  }
}
