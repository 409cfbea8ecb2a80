import config from '@payload-config'
import { getPayload, type Payload } from 'payload'

/** The app's Payload instance for server components (one per process, shared with /api). */
export const sitePayload = (): Promise<Payload> => getPayload({ config })
