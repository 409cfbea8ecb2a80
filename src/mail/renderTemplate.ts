import type { MailTemplate } from './mailKinds'

/** The placeholders a template may use, with what each is (shown to editors). */
export const placeholders = {
  'booking.expiresAt': 'when a pending hold lapses (venue time)',
  'booking.reference': 'the booking reference',
  'booking.seats': 'how many seats',
  'booking.total': 'the total with its currency',
  'booking.url': 'the page where the customer manages the booking',
  'event.end': 'when the event ends (venue time)',
  'event.start': 'when the event starts (venue time)',
  'event.title': "the event's title",
  link: 'the link of a password reset, an address confirmation or a waiting-list offer',
  'person.name': "the recipient's name (or their e-mail address)",
  'refund.amount': 'the amount of a refund with its currency (refund mails)',
  'site.name': "the site's name (settings)",
  'venue.address': "the venue's address",
  'venue.name': "the venue's name",
} as const
export type Placeholder = keyof typeof placeholders
export type MailValues = Partial<Record<Placeholder, string>>

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g

/** Fills `{{placeholders}}`; an unknown one stays as written, so an editor sees the typo. */
export const fillPlaceholders = (text: string, values: MailValues): string =>
  text.replace(PLACEHOLDER, (whole, key: string) =>
    key in placeholders ? (values[key as Placeholder] ?? '') : whole,
  )

/** The placeholders a text uses that do not exist. */
export const unknownPlaceholders = (text: string): string[] =>
  [...text.matchAll(PLACEHOLDER)]
    .map((match) => match[1] ?? '')
    .filter((key) => !(key in placeholders))

export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g

/** A paragraph of plain text as HTML: escaped, line breaks kept, web addresses as links. */
const paragraphHtml = (text: string): string =>
  escapeHtml(text)
    .replace(URL_PATTERN, (url) => `<a href="${url}">${url}</a>`)
    .replace(/\n/g, '<br>')

export type Branding = { color: string; logoUrl: null | string; siteName: string }

export type RenderedMail = { html: string; subject: string; text: string }

/**
 * A template as a mail: subject on one line, the body as plain text and as HTML in the site's
 * colours and logo, with `extra` (already safe HTML and its plain-text twin) after the body.
 */
export const renderMail = (
  template: MailTemplate,
  values: MailValues,
  branding: Branding,
  extra: { html: string; text: string } = { html: '', text: '' },
): RenderedMail => {
  const subject = fillPlaceholders(template.subject, values).replace(/\s+/g, ' ').trim()
  const body = fillPlaceholders(template.body, values).replace(/\r\n/g, '\n').trim()
  const paragraphs = body.split(/\n{2,}/).map((part) => `<p>${paragraphHtml(part)}</p>`)
  const logo = branding.logoUrl
    ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${escapeHtml(branding.siteName)}" style="max-height:48px">`
    : `<strong style="font-size:20px">${escapeHtml(branding.siteName)}</strong>`
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b">
<div style="max-width:600px;margin:0 auto;background:#ffffff">
<div style="padding:16px 24px;border-top:6px solid ${branding.color}">${logo}</div>
<div style="padding:8px 24px 24px;line-height:1.5">${paragraphs.join('\n')}${extra.html}</div>
</div></body></html>`
  return { html, subject, text: extra.text ? `${body}\n\n${extra.text}\n` : `${body}\n` }
}
