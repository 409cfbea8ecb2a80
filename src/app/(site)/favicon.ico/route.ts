/**
 * `/favicon.ico`, which browsers ask for on every site and admin page: the favicon chosen in the
 * site settings (appearance), else the app's default icon in the settings' primary colour.
 */
import sharp from 'sharp'

import { getPublicSettings } from 'payload-events-cms/site'

import type { SiteSetting } from '../../../../payload-types'
import { mediaUrl } from '../_lib/media'
import { sitePayload } from '../_lib/payload'

// Read at request time (the settings may change); never prerendered at build.
export const dynamic = 'force-dynamic'

const HEX = /^#[0-9a-f]{6}$/i

/** A ticket in the primary colour: what a site shows before an editor uploads its own icon. */
const defaultIconSvg = (
  colour: string,
) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="14" fill="${colour}"/>
  <path d="M12 22a4 4 0 0 0 4-4h32a4 4 0 0 0 4 4v20a4 4 0 0 0-4 4H16a4 4 0 0 0-4-4z" fill="#fff"/>
  <path d="M40 20v24" stroke="${colour}" stroke-width="2.5" stroke-dasharray="3 3"/>
</svg>`

/** The default icon per colour, rendered once per process. */
const rendered = new Map<string, Promise<Buffer>>()
const defaultIcon = (colour: string): Promise<Buffer> => {
  let png = rendered.get(colour)
  if (!png) {
    png = sharp(Buffer.from(defaultIconSvg(colour)))
      .resize(48, 48)
      .png()
      .toBuffer()
    rendered.set(colour, png)
  }
  return png
}

export const GET = async (request: Request): Promise<Response> => {
  // The default icon when the settings cannot be read (a database outage): never an error page.
  const settings = await sitePayload()
    .then((payload) => getPublicSettings<SiteSetting>(payload))
    .catch(() => undefined)
  const chosen = mediaUrl(settings?.appearance?.favicon, 'thumbnail')
  const cacheControl = 'public, max-age=300'
  if (chosen) {
    return new Response(null, {
      headers: { 'Cache-Control': cacheControl, Location: new URL(chosen, request.url).toString() },
      status: 302,
    })
  }
  const colour = settings?.appearance?.primaryColor
  const png = await defaultIcon(colour && HEX.test(colour) ? colour : '#1d4ed8')
  return new Response(new Uint8Array(png), {
    headers: { 'Cache-Control': cacheControl, 'Content-Type': 'image/png' },
  })
}
