import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { postgresAdapter } from '../../src/utilities/transactionDb'
import type { DocId } from '../../src/utilities/ids'
import type { MailStatus } from './index'

/** How long a claimed mail belongs to the run that claimed it (a killed run's claim then lapses). */
const CLAIM_MINUTES = 10

export type MailClaim = { attempts: number; id: DocId }

/**
 * Claims the one mail of `dedupeKey` for this run, outside the job's transaction (committed at
 * once, so a second run of the same job, on any server, sees it): a new mail, one waiting for a
 * retry, or one whose claim lapsed. Sent, failed and skipped mails, and one another run is
 * sending, answer nothing: the mail goes out once however often its job runs.
 */
export const claimMail = async (
  req: PayloadRequest,
  mail: { booking: DocId; dedupeKey: string; kind: string; version: number },
): Promise<MailClaim | undefined> => {
  const { rows } = await postgresAdapter(req).drizzle.execute<{ attempts: number; id: DocId }>(sql`
    INSERT INTO mails (dedupe_key, kind, booking_id, version, status, attempts, claimed_until,
      created_at, updated_at)
    VALUES (${mail.dedupeKey}, ${mail.kind}, ${mail.booking}, ${mail.version}, 'sending', 1,
      now() + make_interval(mins => ${CLAIM_MINUTES}), now(), now())
    ON CONFLICT (dedupe_key) DO UPDATE SET status = 'sending', attempts = mails.attempts + 1,
      claimed_until = EXCLUDED.claimed_until, updated_at = now()
    WHERE mails.status = 'retrying' OR (mails.status = 'sending' AND mails.claimed_until < now())
    RETURNING id, attempts::int AS attempts`)
  return rows[0]
}

export type MailContent = { attachments: unknown; html: null | string; text: null | string }

export type MailOutcome = {
  /** What the row keeps of the mail: set it, `null` to forget it, left out to keep it as is. */
  content?: MailContent | null
  error?: null | string
  messageId?: null | string
  recipient?: DocId | null
  status: Exclude<MailStatus, 'queued' | 'sending'>
  subject?: null | string
  to?: null | string
  transport?: null | string
}

/** Records how a claimed mail ended (sent, to be retried, failed for good, or not worth sending). */
export const settleMail = async (req: PayloadRequest, id: DocId, outcome: MailOutcome) => {
  const { content } = outcome
  const contentSql =
    content === undefined
      ? sql``
      : content === null
        ? sql`, html = NULL, text = NULL, attachments = NULL, envelope = NULL`
        : sql`, html = ${content.html}, text = ${content.text},
            attachments = ${JSON.stringify(content.attachments)}::jsonb`
  await postgresAdapter(req).drizzle.execute(sql`
    UPDATE mails SET status = ${outcome.status}, error = ${outcome.error ?? null},
      "to" = coalesce(${outcome.to ?? null}, "to"), subject = coalesce(${outcome.subject ?? null}, subject),
      recipient_id = coalesce(${outcome.recipient ?? null}, recipient_id),
      message_id = coalesce(${outcome.messageId ?? null}, message_id),
      transport = coalesce(${outcome.transport ?? null}, transport),
      sent_at = CASE WHEN ${outcome.status} = 'sent' THEN now() ELSE sent_at END,
      claimed_until = NULL, updated_at = now() ${contentSql}
    WHERE id = ${id}`)
}

export type StoredMail = MailClaim & {
  envelope: null | Record<string, unknown>
  html: null | string
  subject: null | string
  text: null | string
  to: null | string
}

/**
 * Claims a mail stored whole when it was queued (a form notification, rendered by the form
 * builder in the submission's transaction): queued, waiting for a retry, or its claim lapsed.
 */
export const claimStoredMail = async (
  req: PayloadRequest,
  id: DocId,
): Promise<StoredMail | undefined> => {
  const { rows } = await postgresAdapter(req).drizzle.execute<StoredMail>(sql`
    UPDATE mails SET status = 'sending', attempts = attempts + 1, updated_at = now(),
      claimed_until = now() + make_interval(mins => ${CLAIM_MINUTES})
    WHERE id = ${id} AND (status IN ('queued', 'retrying')
      OR (status = 'sending' AND claimed_until < now()))
    RETURNING id, attempts::int AS attempts, envelope, html, subject, text, "to"`)
  return rows[0]
}
