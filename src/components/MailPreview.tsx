'use client'
import { useFormFields } from '@payloadcms/ui'
import React from 'react'

type StoredAttachment = {
  cid: null | string
  content: string
  contentType: string
  filename: string
}

const isAttachment = (value: unknown): value is StoredAttachment =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StoredAttachment).content === 'string' &&
  typeof (value as StoredAttachment).filename === 'string'

const dataUrl = ({ content, contentType }: StoredAttachment) =>
  `data:${contentType.split(';')[0]};base64,${content}`

/** A mail's HTML in a sandbox (no scripts, no same-origin), its inline images resolved. */
export const MailHtml: React.FC<{ attachments?: StoredAttachment[]; html: string }> = ({
  attachments = [],
  html,
}) => {
  const shown = attachments.reduce(
    (text, attachment) =>
      attachment.cid ? text.split(`cid:${attachment.cid}`).join(dataUrl(attachment)) : text,
    html,
  )
  return (
    <iframe
      sandbox=""
      srcDoc={shown}
      style={{
        background: '#fff',
        border: '1px solid var(--theme-elevation-150)',
        height: 640,
        width: '100%',
      }}
      title="The mail as its reader sees it"
    />
  )
}

/**
 * The dev mailbox's view of a mail (the `mails` collection): the HTML as its reader sees it and
 * its attachments to open. Mails sent through SMTP keep no content: only their state shows.
 */
export const MailPreview: React.FC = () => {
  const html = useFormFields(([fields]) => fields.html?.value)
  const attachments = useFormFields(([fields]) => fields.attachments?.value)
  const list = Array.isArray(attachments) ? attachments.filter(isAttachment) : []
  if (typeof html !== 'string' || html === '') {
    return (
      <p style={{ color: 'var(--theme-elevation-600)' }}>
        No content kept: sent through SMTP (only the dev mailbox keeps what it delivers).
      </p>
    )
  }
  return (
    <div style={{ marginBottom: 24 }}>
      <MailHtml attachments={list} html={html} />
      {list.length > 0 && (
        <ul>
          {list.map((attachment, index) => (
            <li key={`${attachment.filename}-${index}`}>
              <a download={attachment.filename} href={dataUrl(attachment)}>
                {attachment.filename}
              </a>{' '}
              ({attachment.contentType.split(';')[0]})
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
