import { getSitemapEntries } from 'payload-events-cms/site'

import { sitePayload } from '../_lib/payload'
import { siteOrigin } from '../_lib/siteOrigin'

export const dynamic = 'force-dynamic'

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`)

/** /sitemap.xml: the events listing, every published page and event, with their last change. */
export async function GET(): Promise<Response> {
  const origin = await siteOrigin()
  const entries = [
    { lastModified: '', path: '/events' },
    ...(await getSitemapEntries(await sitePayload())),
  ]
  const urls = entries
    .map(
      ({ lastModified, path }) =>
        `  <url><loc>${escapeXml(origin + path)}</loc>${
          lastModified ? `<lastmod>${escapeXml(lastModified)}</lastmod>` : ''
        }</url>`,
    )
    .join('\n')
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`,
    {
      headers: {
        'Cache-Control': 'public, max-age=300',
        'Content-Type': 'application/xml; charset=utf-8',
      },
    },
  )
}
