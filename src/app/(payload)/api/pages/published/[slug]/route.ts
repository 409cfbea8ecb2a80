/**
 * Fast path for the hottest public read: Next.js matches this before Payload's catch-all, so a
 * cached page is served without Payload's per-request setup (auth, i18n, locale). Same response
 * as the plugin's endpoint at this path.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { publishedPageResponse } from 'payload-events-cms'

type Context = { params: Promise<{ slug: string }> }

export const GET = async (_request: Request, { params }: Context) =>
  publishedPageResponse(await getPayload({ config }), (await params).slug)
