import type { Endpoint } from 'payload'

import { publicSettingsResponse } from '../../src/site/publicResponses'

/**
 * `GET /api/globals/site-settings/public`: the settings everyone may read (never the private
 * group), from the site's cache, cleared after every committed change.
 */
export const publicSettingsEndpoint: Endpoint = {
  handler: (req) => publicSettingsResponse(req.payload),
  method: 'get',
  path: '/public',
}
