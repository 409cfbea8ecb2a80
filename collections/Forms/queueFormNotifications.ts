import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest, SendEmailOptions } from 'payload'

import { MAIL_QUEUE, SEND_MAIL_TASK } from '../../src/db/mailRulesSql'
import { FORM_NOTIFICATION } from '../../src/mail/mailKinds'
import type { DocId } from '../../src/utilities/ids'
import { transactionDb } from '../../src/utilities/transactionDb'

/** Payload's queue, for a task of the plugin's (the app's generated types do not list it). */
const queueJob = (
  req: PayloadRequest,
  args: { input: Record<string, string>; queue: string; req: PayloadRequest; task: string },
) => (req.payload.jobs.queue as unknown as (job: typeof args) => Promise<unknown>)(args)

const addressList = (value: SendEmailOptions['to']): string => {
  const list = Array.isArray(value) ? value : value ? [value] : []
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.address)).join(', ')
}

/**
 * A form's notifications, as the form builder rendered them, onto the mail outbox in the
 * submission's own transaction: each is stored `queued` in the mail log (with the submission, so
 * erasure and retention find it) and a `sendMail` job names it by id. A submission that rolls
 * back sends nothing; one that commits is mailed even if the server dies right after.
 */
export const queueFormNotifications = async (
  req: PayloadRequest,
  emails: SendEmailOptions[],
  submission: DocId,
): Promise<void> => {
  const db = await transactionDb(req)
  for (const email of emails) {
    const to = addressList(email.to)
    if (!to) continue
    const envelope = {
      bcc: email.bcc ? addressList(email.bcc) : undefined,
      cc: email.cc ? addressList(email.cc) : undefined,
      from: typeof email.from === 'string' && email.from ? email.from : undefined,
      replyTo: typeof email.replyTo === 'string' && email.replyTo ? email.replyTo : undefined,
    }
    const { rows } = await db.execute<{ id: DocId }>(sql`
      INSERT INTO mails (kind, status, attempts, "to", subject, html, envelope, submission_id,
        created_at, updated_at)
      VALUES (${FORM_NOTIFICATION}, 'queued', 0, ${to}, ${String(email.subject ?? '').slice(0, 500)},
        ${typeof email.html === 'string' ? email.html : ''}, ${JSON.stringify(envelope)}::jsonb,
        ${submission}, now(), now())
      RETURNING id`)
    const id = rows[0]?.id
    if (id === undefined) continue
    // Through the request: the job row commits or rolls back with the submission.
    await queueJob(req, {
      input: { kind: FORM_NOTIFICATION, mail: String(id) },
      queue: MAIL_QUEUE,
      req,
      task: SEND_MAIL_TASK,
    })
  }
}
