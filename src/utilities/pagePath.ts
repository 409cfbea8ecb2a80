/** The site path of a page: the `home` page is `/`, every other page `/<slug>`. */
export const HOME_SLUG = 'home'

/**
 * Page slugs whose `/<slug>` is already someone else's: Payload's admin and API, and the site's
 * own routes that the plugin's mails link to (bookings, waiting-list offers) or the reference site
 * serves (events, accounts, appointments). A page there would never be seen.
 */
export const RESERVED_PAGE_SLUGS: readonly string[] = [
  'account',
  'admin',
  'api',
  'book',
  'bookings',
  'events',
  'waiting-list',
]

export const pagePath = (slug: null | string | undefined): string =>
  !slug || slug === HOME_SLUG ? '/' : `/${slug}`

/** The site path of an event page. */
export const eventPath = (slug: null | string | undefined): string =>
  `/events/${encodeURIComponent(slug ?? '')}`
