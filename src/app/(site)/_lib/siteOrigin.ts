import { settingsOf } from 'payload-events-cms'

import { sitePayload } from './payload'

/**
 * The site's public address (SITE_URL or the server URL, as mails use it) for absolute links:
 * canonical URLs, Open Graph, JSON-LD, the sitemap. Never the request's Host header, which a
 * client chooses.
 */
export const siteOrigin = async (): Promise<string> => settingsOf(await sitePayload()).mail.siteUrl
