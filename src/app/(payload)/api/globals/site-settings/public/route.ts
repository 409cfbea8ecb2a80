/** Fast path for the public settings (see ../../../pages/published/[slug]/route.ts). */
import config from '@payload-config'
import { getPayload } from 'payload'

import { publicSettingsResponse } from 'payload-events-cms'
import { httpCaching } from 'payload-events-cms/routes'

const cacheHeaders = httpCaching(config)

export const GET = async (request: Request) =>
  cacheHeaders(request, await publicSettingsResponse(await getPayload({ config })))
