import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { MAIL_QUEUE, SEND_MAIL_TASK } from '../../src/db/mailRulesSql'
import type { DocId } from '../../src/utilities/ids'
import { transactionDb } from '../../src/utilities/transactionDb'

/** Payload's queue, for a task of the plugin's (the app's generated types do not list it). */
const queueJob = (
  req: PayloadRequest,
  args: { input: Record<string, string>; queue: string; req: PayloadRequest; task: string },
) => (req.payload.jobs.queue as unknown as (job: typeof args) => Promise<unknown>)(args)

/** A mail rendered now and sent later: what the outbox keeps of it until it goes. */
export type MailToStore = {
  /** A form notification's sender, copies and reply address. */
  envelope?: { bcc?: string; cc?: string; from?: string; replyTo?: string }
  html: string
  kind: string
  subject: string
  /** The form submission it is about (erasure and retention find it through it). */
  submission?: DocId
  text?: string
  to: string
}

/**
 * A mail whose words are fixed when it is queued (a form's notification, a guest's address
 * confirmation) onto the outbox in the caller's transaction: stored `queued` in the mail log and
 * named by id in a `sendMail` job. A change that rolls back sends nothing; one that commits is
 * mailed even if the server dies right after.
 */
export const queueStoredMail = async (req: PayloadRequest, mail: MailToStore): Promise<void> => {
  const db = await transactionDb(req)
  // The column exists only where the app has forms.
  const submission =
    mail.submission === undefined
      ? { column: sql``, value: sql`` }
      : { column: sql`, submission_id`, value: sql`, ${mail.submission}` }
  const { rows } = await db.execute<{ id: DocId }>(sql`
    INSERT INTO mails (kind, status, attempts, "to", subject, html, text, envelope${submission.column},
      created_at, updated_at)
    VALUES (${mail.kind}, 'queued', 0, ${mail.to}, ${mail.subject.slice(0, 500)}, ${mail.html},
      ${mail.text ?? null}, ${JSON.stringify(mail.envelope ?? {})}::jsonb${submission.value},
      now(), now())
    RETURNING id`)
  const id = rows[0]?.id
  if (id === undefined) return
  // Through the request: the job row commits or rolls back with the change.
  await queueJob(req, {
    input: { kind: mail.kind, mail: String(id) },
    queue: MAIL_QUEUE,
    req,
    task: SEND_MAIL_TASK,
  })
}
