import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import nodemailer from 'nodemailer'
import type { EmailAdapter } from 'payload'

import { devMailboxAdapter } from './devMailbox'

type Env = Record<string, string | undefined>

/**
 * Mail as the environment says (docs/mail.md): SMTP_URL (smtp://user:password@host:587,
 * smtps://... for TLS from the start), or SMTP_HOST with SMTP_PORT, SMTP_USER, SMTP_PASSWORD and
 * SMTP_SECURE; MAIL_FROM and MAIL_FROM_NAME as the sender. Without either, the dev mailbox: mail
 * lands in the admin's Mail collection and nothing leaves the machine. Always an explicit
 * transport: email-nodemailer without one asks a public test service for an account.
 */
export const mailAdapterFromEnv = (
  env: Env = process.env,
): EmailAdapter | Promise<EmailAdapter> => {
  const from = env.MAIL_FROM || 'events@localhost'
  const fromName = env.MAIL_FROM_NAME || 'Events'
  const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 }
  const user = env.SMTP_USER
  const smtp = env.SMTP_URL
    ? env.SMTP_URL
    : env.SMTP_HOST
      ? {
          auth: user ? { pass: env.SMTP_PASSWORD ?? '', user } : undefined,
          host: env.SMTP_HOST,
          port: Number(env.SMTP_PORT || 587),
          secure: env.SMTP_SECURE === 'true',
        }
      : undefined
  if (!smtp) return devMailboxAdapter({ from, fromName })
  const transport =
    typeof smtp === 'string'
      ? nodemailer.createTransport(smtp, timeouts)
      : nodemailer.createTransport({ ...smtp, ...timeouts })
  return nodemailerAdapter({
    defaultFromAddress: from,
    defaultFromName: fromName,
    skipVerify: true,
    transport,
  })
}
