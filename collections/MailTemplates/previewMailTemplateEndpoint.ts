import type { Endpoint } from 'payload'

import { hasRole } from '../../src/access/roles'
import { brandingOf } from '../../src/mail/mailContext'
import { defaultTemplates, mailKinds, type MailKind } from '../../src/mail/mailKinds'
import { renderMail, unknownPlaceholders, type MailValues } from '../../src/mail/renderTemplate'
import { PublicError } from '../../src/utilities/publicError'
import { readJsonBody } from '../../src/utilities/readJsonBody'

/** What a preview fills the placeholders with. */
const sample: MailValues = {
  'booking.expiresAt': 'Saturday 12 December 2026, 19:45 (Europe/Berlin)',
  'booking.reference': 'K7M2QX9A',
  'booking.seats': '2',
  'booking.total': '€50.00',
  'booking.url': 'https://example.com/bookings/123',
  'event.end': 'Saturday 12 December 2026, 23:00 (Europe/Berlin)',
  'event.start': 'Saturday 12 December 2026, 20:00 (Europe/Berlin)',
  'event.title': 'Jazz Night',
  link: 'https://example.com/reset-password?token=...',
  'person.name': 'Alex Example',
  'venue.address': 'Hauptstraße 1, 10115 Berlin',
  'venue.name': 'Blue Note Hall',
}

/**
 * POST /api/mail-templates/preview {kind, subject?, body?}: the mail as it would look, with
 * sample values, the site's name, colour and logo (admins only; nothing is saved or sent).
 */
export const previewMailTemplateEndpoint: Endpoint = {
  handler: async (req) => {
    if (!hasRole(req, 'admin')) throw new PublicError('Only admins preview mail templates.', 403)
    const body = await readJsonBody(req)
    const kind = body.kind
    if (typeof kind !== 'string' || !(mailKinds as readonly string[]).includes(kind)) {
      throw new PublicError(`"kind" must be one of ${mailKinds.join(', ')}.`, 400, {
        field: 'kind',
      })
    }
    const fallback = defaultTemplates[kind as MailKind]
    const template = { body: fallback.body, subject: fallback.subject }
    for (const field of ['subject', 'body'] as const) {
      const value = body[field]
      if (value === undefined || value === null || value === '') continue
      if (typeof value !== 'string' || value.length > 20_000) {
        throw new PublicError(`"${field}" must be text of at most 20000 characters.`, 400, {
          field,
        })
      }
      template[field] = value
    }
    const branding = await brandingOf(req)
    const rendered = renderMail(template, { ...sample, 'site.name': branding.siteName }, branding)
    return Response.json(
      {
        ...rendered,
        unknownPlaceholders: unknownPlaceholders(`${template.subject} ${template.body}`),
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
  method: 'post',
  path: '/preview',
}
