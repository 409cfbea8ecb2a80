import config from '@payload-config'
import { REST_OPTIONS } from '@payloadcms/next/routes'
import { graphQLRoutes } from 'payload-events-cms/routes'

export const { POST } = graphQLRoutes(config)
export const OPTIONS = REST_OPTIONS(config)
