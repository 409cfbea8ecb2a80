/**
 * `payload-events-cms/site`: what a public site reads (published pages and events, public
 * settings), cached and kept fresh across app servers, and the helpers its pages use.
 */
export {
  getListedEvents,
  getPublicSettings,
  getPublishedEvent,
  getPublishedPage,
} from '../site/data'
export { publicSettingsResponse, publishedPageResponse } from '../site/publicResponses'
export { type CachedAnswer, cachedAnswers, cacheTagsOf } from '../site/cacheDependencies'
export { HOME_SLUG, pagePath } from '../utilities/pagePath'
export { parseVideoUrl } from '../utilities/videoUrl'
export { slugify } from '../utilities/slugify'
export { zonedClock, zonedInstant, zoneOffset } from '../utilities/zonedTime'
