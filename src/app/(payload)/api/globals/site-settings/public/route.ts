/** Fast path for the public settings (see ../../../pages/published/[slug]/route.ts). */
import config from '@payload-config'
import { getPayload } from 'payload'

import { publicSettingsResponse } from 'payload-events-cms'

export const GET = async () => publicSettingsResponse(await getPayload({ config }))
