import { siteOrigin } from '../_lib/siteOrigin'

export const dynamic = 'force-dynamic'

/** /robots.txt: the public pages may be indexed; the admin, the API and personal pages not. */
export async function GET(): Promise<Response> {
  const body = [
    'User-agent: *',
    'Disallow: /admin',
    'Disallow: /api/',
    'Disallow: /account',
    'Disallow: /bookings/',
    'Disallow: /waiting-list',
    `Sitemap: ${await siteOrigin()}/sitemap.xml`,
    '',
  ].join('\n')
  return new Response(body, {
    headers: {
      'Cache-Control': 'public, max-age=3600',
      'Content-Type': 'text/plain; charset=utf-8',
    },
  })
}
