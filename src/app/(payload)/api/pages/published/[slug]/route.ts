/**
 * Fast path for the hottest public read: Next.js matches this before Payload's catch-all, so a
 * cached page is served without Payload's per-request setup (auth, i18n, locale). Same response,
 * request limits, 503s and HTTP caching (ETag, 304, Cache-Control) as the plugin's endpoint here.
 */
import config from '@payload-config'
import { publishedPageRoute } from 'payload-events-cms/routes'

export const { GET } = publishedPageRoute(config)
