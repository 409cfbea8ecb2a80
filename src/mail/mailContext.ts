import type { PayloadRequest } from 'payload'

import { globalSlugs } from '../slugs'
import { settingsOf } from '../settings'
import { defaultTemplates, type MailKind, type MailTemplate } from './mailKinds'
import type { Branding } from './renderTemplate'

type SiteSettingsDoc = {
  appearance?: {
    logo?: null | { url?: null | string } | number | string
    primaryColor?: null | string
  }
  general?: { siteName?: null | string }
}

/** The site's name, colour and logo from its settings (the plugin's defaults without them). */
export const brandingOf = async (req: PayloadRequest): Promise<Branding> => {
  const { mail, parts } = settingsOf(req.payload)
  const site = parts.siteSettings
    ? ((await req.payload
        .findGlobal({ slug: globalSlugs.siteSettings, depth: 1, req })
        .catch(() => null)) as null | SiteSettingsDoc)
    : null
  const logo = site?.appearance?.logo
  const logoPath = typeof logo === 'object' && logo !== null ? logo.url : null
  return {
    color: site?.appearance?.primaryColor || '#2563eb',
    logoUrl: logoPath ? new URL(logoPath, `${mail.siteUrl}/`).toString() : null,
    siteName: site?.general?.siteName || 'Events',
  }
}

/** The template editors set for a kind (an enabled one), else the plugin's own. */
export const templateFor = async (req: PayloadRequest, kind: MailKind): Promise<MailTemplate> => {
  const { docs } = await req.payload.find({
    collection: settingsOf(req.payload).slugs.mailTemplates,
    depth: 0,
    limit: 1,
    pagination: false,
    req,
    where: { and: [{ kind: { equals: kind } }, { enabled: { equals: true } }] },
  })
  const own = docs[0] as undefined | { body?: null | string; subject?: null | string }
  const fallback = defaultTemplates[kind]
  return { body: own?.body || fallback.body, subject: own?.subject || fallback.subject }
}

/** A moment as people at the venue read it, e.g. "Saturday 12 December 2026, 20:00 (Europe/Berlin)". */
export const venueTime = (iso: null | string | undefined, timeZone: string): string => {
  if (!iso) return ''
  const zone = timeZone || 'UTC'
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: zone,
  }).format(new Date(iso))
  return `${text} (${zone})`
}

/** An amount with its currency, in that currency's minor units ("€25.50", "¥2,500"); 0: free. */
export const moneyText = (
  amount: null | number | undefined,
  currency: null | string | undefined,
) => {
  if (!amount) return 'free'
  if (!currency) return String(amount)
  try {
    return new Intl.NumberFormat('en-GB', { currency, style: 'currency' }).format(amount)
  } catch {
    return `${currency} ${amount}`
  }
}
