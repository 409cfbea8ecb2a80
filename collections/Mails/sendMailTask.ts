import type { PayloadRequest, SendEmailOptions, TaskConfig } from 'payload'

import { SEND_MAIL_TASK } from '../../src/db/mailRulesSql'
import { composeBookingMail, type MailAttachment } from '../../src/mail/composeBookingMail'
import { DEV_MAILBOX, OUTBOX_HEADER, storedAttachment } from '../../src/mail/devMailbox'
import { siteHost } from '../../src/mail/siteHost'
import { isBookingMailKind } from '../../src/mail/mailKinds'
import { settingsOf } from '../../src/settings'
import type { DocId } from '../../src/utilities/ids'
import {
  claimMail,
  claimStoredMail,
  type MailClaim,
  type MailContent,
  settleMail,
} from './claimMail'

type SendMailIO = {
  input: { booking?: null | string; kind: string; mail?: null | string; version?: null | number }
  output: { state: string }
}

/** SMTP's 5xx answers and a refused envelope will not change by trying again. */
const isPermanent = (error: unknown): boolean => {
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown }
  return (typeof responseCode === 'number' && responseCode >= 500) || code === 'EENVELOPE'
}

/** A Message-ID of its own per mail: a mail that does go out twice is one message to its reader. */
const messageIdOf = (key: string, siteUrl: string) =>
  `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@${siteHost(siteUrl, 'hostname')}>`

const errorText = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 2000)

type Outgoing = {
  attachments: MailAttachment[]
  envelope?: Pick<SendEmailOptions, 'bcc' | 'cc' | 'from' | 'replyTo'>
  html: string
  recipient?: DocId | null
  subject: string
  text?: string
  to: string
}

/**
 * Sends a claimed mail and records the outcome. Only the dev mailbox keeps what was sent: a real
 * mail carries its reader's ticket codes (and a form's, its sender's data).
 */
const deliver = async (req: PayloadRequest, claim: MailClaim, key: string, mail: Outgoing) => {
  const settings = settingsOf(req.payload).mail
  const devMailbox = req.payload.email?.name === DEV_MAILBOX
  const messageId = messageIdOf(key, settings.siteUrl)
  const kept: MailContent | null = devMailbox
    ? {
        attachments: mail.attachments.map(storedAttachment),
        html: mail.html,
        text: mail.text ?? null,
      }
    : null
  const sent = {
    messageId,
    recipient: mail.recipient ?? null,
    subject: mail.subject,
    to: mail.to,
    transport: req.payload.email?.name ?? 'none',
  }
  try {
    await req.payload.sendEmail({
      ...mail.envelope,
      attachments: mail.attachments,
      headers: { [OUTBOX_HEADER]: String(claim.id) },
      html: mail.html,
      messageId,
      subject: mail.subject,
      text: mail.text,
      to: mail.to,
    })
  } catch (error) {
    const final = isPermanent(error) || claim.attempts >= settings.attempts
    // A mail to retry keeps what it needs (a stored one its content); a failed one goes as a sent one.
    await settleMail(req, claim.id, {
      ...sent,
      ...(final ? { content: kept } : {}),
      error: errorText(error),
      status: final ? 'failed' : 'retrying',
    })
    if (final) return 'failed'
    throw error
  }
  await settleMail(req, claim.id, { ...sent, content: kept, status: 'sent' })
  return 'sent'
}

const sendBookingMail = async (req: PayloadRequest, input: SendMailIO['input']) => {
  const { booking, kind } = input
  const version = Number(input.version)
  if (!isBookingMailKind(kind) || !Number.isInteger(version) || !booking) return undefined
  const dedupeKey = `${kind}:${booking}:v${version}`
  const claim = await claimMail(req, { booking, dedupeKey, kind, version })
  if (!claim) return 'done before'
  let composed: Awaited<ReturnType<typeof composeBookingMail>>
  try {
    composed = await composeBookingMail(req, { booking, kind, version })
  } catch (error) {
    await settleMail(req, claim.id, { error: errorText(error), status: 'retrying' })
    throw error
  }
  if ('skip' in composed) {
    await settleMail(req, claim.id, { error: composed.skip, status: 'skipped' })
    return 'skipped'
  }
  return deliver(req, claim, dedupeKey, composed)
}

const sendStoredMail = async (req: PayloadRequest, kind: string, id: string) => {
  const claim = await claimStoredMail(req, id)
  if (!claim) return 'done before'
  if (!claim.to || !claim.html) {
    await settleMail(req, claim.id, {
      error: 'no address or content left (erased)',
      status: 'skipped',
    })
    return 'skipped'
  }
  const envelope = (claim.envelope ?? {}) as Outgoing['envelope']
  return deliver(req, claim, `${kind}:${id}`, {
    attachments: [],
    envelope,
    html: claim.html,
    subject: claim.subject ?? '',
    text: claim.text ?? undefined,
    to: claim.to,
  })
}

/**
 * Sends one queued mail: a booking's (queued by the database with the change that called for it,
 * src/db/mailRulesSql.ts; rendered now) or a stored one (a form notification, a guest's address
 * confirmation: ./queueStoredMail.ts). Claimed once in
 * `mails`, so a job that runs twice sends once; a temporary failure is retried by the queue with
 * exponential back-off, a permanent one (SMTP 5xx) or the last try is `failed` (the admin's mail
 * log, /api/health).
 */
const sendMail = async (req: PayloadRequest, input: SendMailIO['input']) => {
  const state = input.mail
    ? await sendStoredMail(req, input.kind, input.mail)
    : await sendBookingMail(req, input)
  if (state) return state
  req.payload.logger.error({ input, msg: 'sendMail: a job with input it does not know' })
  return 'failed'
}

export const sendMailTask = (attempts: number, retryDelayMs: number): TaskConfig<SendMailIO> => ({
  slug: SEND_MAIL_TASK,
  handler: async ({ input, req }) => ({ output: { state: await sendMail(req, input) } }),
  inputSchema: [
    { name: 'kind', type: 'text', required: true },
    { name: 'booking', type: 'text' },
    { name: 'version', type: 'number' },
    { name: 'mail', type: 'text' },
  ],
  outputSchema: [{ name: 'state', type: 'text', required: true }],
  retries: {
    attempts,
    backoff: { delay: retryDelayMs, type: 'exponential' },
    shouldRestore: false,
  },
})
