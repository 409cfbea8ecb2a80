import type { Payload } from 'payload'

import { cacheTagsOf } from './cacheDependencies'
import { cached } from '../utilities/publicCache'
import { getPublicSettings, getPublishedPage } from './data'

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

const jsonResponse = (body: string, status = 200) =>
  new Response(body, { headers: JSON_HEADERS, status })

/** False when the plugin runs with `enabled: false`: no hooks then keep a cache fresh. */
const cacheEnabled = (payload: Payload) =>
  (payload.config.custom?.eventsCms as { enabled?: boolean } | undefined)?.enabled !== false

const notFound = () => jsonResponse(JSON.stringify({ errors: [{ message: 'Not Found' }] }), 404)

/**
 * The cached public reads as HTTP responses, the serialized JSON cached too (same tags, so cleared
 * with the documents). Used by the plugin's REST endpoints and by the app's own Next.js routes,
 * which skip Payload's request setup on this hot path.
 */
export const publishedPageResponse = async (payload: Payload, slug: string): Promise<Response> => {
  if (!cacheEnabled(payload)) return notFound()
  const body = await cached(
    payload,
    `page-json:${slug}`,
    cacheTagsOf('publishedPage'),
    async () => {
      const page = await getPublishedPage(payload, slug)
      return page ? JSON.stringify(page) : null
    },
    { keepIf: (body) => body !== null },
  )
  return body === null
    ? jsonResponse(JSON.stringify({ errors: [{ message: `No published page "${slug}".` }] }), 404)
    : jsonResponse(body)
}

export const publicSettingsResponse = async (payload: Payload): Promise<Response> =>
  !cacheEnabled(payload)
    ? notFound()
    : jsonResponse(
        await cached(payload, 'settings-json', cacheTagsOf('publicSettings'), async () =>
          JSON.stringify(await getPublicSettings(payload)),
        ),
      )
