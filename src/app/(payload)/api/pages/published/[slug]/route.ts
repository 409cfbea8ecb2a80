/**
 * Fast path for the hottest public read: Next.js matches this before Payload's catch-all, so a
 * cached page is served without Payload's per-request setup (auth, i18n, locale). Same response
 * (and the same HTTP caching: ETag, 304, Cache-Control) as the plugin's endpoint at this path.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { publishedPageResponse } from 'payload-events-cms'
import { httpCaching } from 'payload-events-cms/routes'

type Context = { params: Promise<{ slug: string }> }

const cacheHeaders = httpCaching(config)

export const GET = async (request: Request, { params }: Context) =>
  cacheHeaders(
    request,
    await publishedPageResponse(await getPayload({ config }), (await params).slug),
  )
