/**
 * `payload-events-cms/site`: what a public site reads (published pages and events, public
 * settings), cached and kept fresh across app servers, and the helpers its pages use.
 */
export {
  getListedEvents,
  getNavigation,
  getPublicSettings,
  getPublishedPage,
  getSitemapEntries,
  type NavigationLink,
  type SiteNavigation,
} from '../site/data'
export { publishedEventBySlug as getPublishedEvent } from '../../collections/Events/cachedEvent'
export {
  type EventFilters,
  eventListingWhere,
  type EventListing,
  listEvents,
  listingOptions,
  type ListingOptions,
  LISTING_PAGE_SIZE,
  parseEventFilters,
} from '../../collections/Events/listEvents'
export { publicSettingsResponse, publishedPageResponse } from '../site/publicResponses'
export { type CachedAnswer, cachedAnswers, cacheTagsOf } from '../site/cacheDependencies'
export { eventPath, HOME_SLUG, pagePath } from '../utilities/pagePath'
export { parseVideoUrl } from '../utilities/videoUrl'
export { slugify } from '../utilities/slugify'
export { zonedClock, zonedInstant, zoneOffset } from '../utilities/zonedTime'
