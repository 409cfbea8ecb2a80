/** The site path of a page: the `home` page is `/`, every other page `/<slug>`. */
export const HOME_SLUG = 'home'

export const pagePath = (slug: null | string | undefined): string =>
  !slug || slug === HOME_SLUG ? '/' : `/${slug}`

/** The site path of an event page. */
export const eventPath = (slug: null | string | undefined): string =>
  `/events/${encodeURIComponent(slug ?? '')}`
