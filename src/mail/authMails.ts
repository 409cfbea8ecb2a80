import type { PayloadRequest } from 'payload'

import { settingsOf } from '../settings'
import { brandingOf, templateFor } from './mailContext'
import type { MailKind } from './mailKinds'
import { renderMail } from './renderTemplate'

type AuthMailArgs = { req?: PayloadRequest; token?: string; user?: unknown }

const linkFor = (req: PayloadRequest, kind: MailKind, token: string) => {
  const { mail } = settingsOf(req.payload)
  const path = kind === 'password-reset' ? mail.resetPasswordPath : mail.verifyEmailPath
  return `${mail.siteUrl}${path.replaceAll('{token}', token)}`
}

const render = async (kind: MailKind, { req, token = '', user }: AuthMailArgs) => {
  if (!req) throw new Error('payload-events-cms: an account mail without its request')
  const person = user as { email?: string; name?: null | string } | undefined
  const [template, branding] = await Promise.all([templateFor(req, kind), brandingOf(req)])
  return renderMail(
    template,
    {
      link: linkFor(req, kind, encodeURIComponent(token)),
      'person.name': person?.name || person?.email || '',
      'site.name': branding.siteName,
    },
    branding,
  )
}

/**
 * Payload's own account mails (password reset; address verification where the accounts
 * collection turns `verify` on) in the site's colours, with the words of the `password-reset` and
 * `verify-email` templates. Payload sends them itself, at once, through the same email adapter.
 */
export const accountMails = {
  forgotPassword: {
    generateEmailHTML: async (args?: AuthMailArgs) =>
      (await render('password-reset', args ?? {})).html,
    generateEmailSubject: async (args?: AuthMailArgs) =>
      (await render('password-reset', args ?? {})).subject,
  },
  verify: {
    generateEmailHTML: async (args?: AuthMailArgs) =>
      (await render('verify-email', args ?? {})).html,
    generateEmailSubject: async (args?: AuthMailArgs) =>
      (await render('verify-email', args ?? {})).subject,
  },
}
