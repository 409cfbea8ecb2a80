import config from '@payload-config'
import '@payloadcms/next/css'
import { restRoutes } from 'payload-events-cms/routes'

// Payload's REST handlers behind the plugin's request limits (body size, depth, query, read time).
export const { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } = restRoutes(config)
