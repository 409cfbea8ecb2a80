import type { PayloadRequest, SendEmailOptions } from 'payload'

import { FORM_NOTIFICATION } from '../../src/mail/mailKinds'
import type { DocId } from '../../src/utilities/ids'
import { queueStoredMail } from '../Mails/queueStoredMail'

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
  for (const email of emails) {
    const to = addressList(email.to)
    if (!to) continue
    await queueStoredMail(req, {
      envelope: {
        bcc: email.bcc ? addressList(email.bcc) : undefined,
        cc: email.cc ? addressList(email.cc) : undefined,
        from: typeof email.from === 'string' && email.from ? email.from : undefined,
        replyTo: typeof email.replyTo === 'string' && email.replyTo ? email.replyTo : undefined,
      },
      html: typeof email.html === 'string' ? email.html : '',
      kind: FORM_NOTIFICATION,
      subject: String(email.subject ?? ''),
      submission,
      to,
    })
  }
}
