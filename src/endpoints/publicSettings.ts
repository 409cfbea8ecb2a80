import type { Endpoint } from 'payload'

import { getPublicSettings } from '../site/data'

/**
 * `GET /api/globals/site-settings/public`: the settings everyone may read (never the private
 * group), from the site's cache, cleared after every committed change.
 */
export const publicSettingsEndpoint: Endpoint = {
  handler: async (req) => Response.json(await getPublicSettings(req.payload)),
  method: 'get',
  path: '/public',
}
