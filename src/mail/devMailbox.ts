import { sql } from '@payloadcms/db-postgres'
import type { EmailAdapter, SendEmailOptions } from 'payload'

import { postgresAdapterOf } from '../utilities/payloadInternals'

export const DEV_MAILBOX = 'dev-mailbox'

/** Set on the outbox's own mails: their row in `mails` exists already and is settled by the outbox. */
export const OUTBOX_HEADER = 'X-Events-Cms-Mail'

const addressText = (value: SendEmailOptions['to']): string => {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return list
    .map((entry) => (typeof entry === 'string' ? entry : entry.address))
    .join(', ')
    .slice(0, 320)
}

const outboxMail = (headers: SendEmailOptions['headers']): boolean =>
  !!headers &&
  !Array.isArray(headers) &&
  Object.keys(headers).some((name) => name.toLowerCase() === OUTBOX_HEADER.toLowerCase())

/** What the dev mailbox keeps of an attachment (content in base64) so that the admin can open it. */
export const storedAttachment = (attachment: {
  cid?: string
  content: Buffer | string
  contentType?: string
  filename?: unknown
}) => ({
  cid: attachment.cid ?? null,
  content: Buffer.from(attachment.content).toString('base64'),
  contentType: attachment.contentType ?? 'application/octet-stream',
  filename: typeof attachment.filename === 'string' ? attachment.filename : 'attachment',
})

/** Attachments given as content (streams and paths are not kept). */
const storedAttachments = (attachments: SendEmailOptions['attachments']) =>
  (attachments ?? []).flatMap(({ cid, content, contentType, filename }) =>
    typeof content === 'string' || Buffer.isBuffer(content)
      ? [storedAttachment({ cid, content, contentType, filename })]
      : [],
  )

/**
 * The mailbox of a machine without SMTP (the embedded default, `npm run dev`): nothing leaves it,
 * every mail lands in the `mails` collection, where an admin opens it as its reader would see it
 * (HTML, text, attachments). The outbox stores its own mails; this stores the rest (Payload's
 * password reset and address verification, an app's own `sendEmail`).
 */
export const devMailboxAdapter =
  ({ from = 'events@localhost', fromName = 'Events' } = {}): EmailAdapter =>
  ({ payload }) => ({
    defaultFromAddress: from,
    defaultFromName: fromName,
    name: DEV_MAILBOX,
    sendEmail: async (message) => {
      if (outboxMail(message.headers)) return { accepted: [addressText(message.to)] }
      const html = typeof message.html === 'string' ? message.html : null
      const text = typeof message.text === 'string' ? message.text : null
      await postgresAdapterOf(payload).drizzle.execute(sql`
        INSERT INTO mails (kind, status, attempts, "to", subject, html, text, attachments, transport,
          sent_at, created_at, updated_at)
        VALUES ('other', 'sent', 1, ${addressText(message.to)}, ${String(message.subject ?? '').slice(0, 500)},
          ${html}, ${text}, ${JSON.stringify(storedAttachments(message.attachments))}::jsonb,
          ${DEV_MAILBOX}, now(), now(), now())`)
      return { accepted: [addressText(message.to)] }
    },
  })
