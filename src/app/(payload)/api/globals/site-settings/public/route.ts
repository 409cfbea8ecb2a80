/** Fast path for the public settings (see ../../../pages/published/[slug]/route.ts). */
import config from '@payload-config'
import { publicSettingsRoute } from 'payload-events-cms/routes'

export const { GET } = publicSettingsRoute(config)
