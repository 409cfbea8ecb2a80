import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { FORM_NOTIFICATION, mailKinds } from '../../src/mail/mailKinds'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'

export const mailStatuses = ['queued', 'sending', 'sent', 'retrying', 'failed', 'skipped'] as const
export type MailStatus = (typeof mailStatuses)[number]

/**
 * The mail log and, without an SMTP server, the dev mailbox: one row per mail the outbox sent or
 * tried to send (a booking's mails claimed once per `dedupeKey`: kind, booking, version; a form
 * notification stored `queued` with the submission), with its state, attempts and last error.
 * Content (HTML, text, attachments) is kept after sending only when the dev mailbox delivered it:
 * in production a mail carries ticket codes that belong to its recipient alone. Rows are personal
 * data (export, erasure, retention). Only the server writes them.
 */
export const createMailsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.mails,
  access: { create: () => false, delete: () => false, read: adminsOnly, update: () => false },
  admin: {
    defaultColumns: ['createdAt', 'kind', 'to', 'subject', 'status', 'attempts'],
    description:
      'Every mail sent, with its state. Without SMTP configured this is the dev mailbox: open a mail to see it as its recipient would.',
    group: 'Mail',
    useAsTitle: 'subject',
  },
  defaultSort: '-createdAt',
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'select',
          options: [...mailKinds, FORM_NOTIFICATION, 'other'],
          required: true,
        },
        { name: 'status', type: 'select', options: [...mailStatuses], required: true },
        { name: 'attempts', type: 'number', defaultValue: 0, required: true },
      ],
    },
    {
      name: 'preview',
      type: 'ui',
      admin: { components: { Field: 'payload-events-cms/client#MailPreview' } },
    },
    { name: 'to', type: 'text', maxLength: 320 },
    { name: 'subject', type: 'text', maxLength: 500 },
    { name: 'booking', type: 'relationship', relationTo: slugs.bookings },
    ...(settings.parts.forms
      ? [
          {
            name: 'submission',
            type: 'relationship' as const,
            admin: { description: 'The form submission a notification is about.' },
            relationTo: settings.slugs.formSubmissions,
          },
        ]
      : []),
    { name: 'recipient', type: 'relationship', relationTo: settings.slugs.users },
    { name: 'version', type: 'number' },
    {
      name: 'dedupeKey',
      type: 'text',
      admin: { description: 'kind:booking:version; one mail each.', readOnly: true },
      index: true,
      unique: true,
    },
    { name: 'messageId', type: 'text', admin: { readOnly: true } },
    { name: 'transport', type: 'text', admin: { readOnly: true } },
    { name: 'error', type: 'textarea', admin: { readOnly: true } },
    { name: 'sentAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'claimedUntil', type: 'date', admin: { hidden: true } },
    { name: 'html', type: 'textarea', admin: { hidden: true } },
    { name: 'text', type: 'textarea', admin: { readOnly: true } },
    { name: 'attachments', type: 'json', admin: { hidden: true } },
    // A form notification's sender, copies and reply address, as the form builder made them.
    { name: 'envelope', type: 'json', admin: { hidden: true } },
  ],
  indexes: [{ fields: ['status', 'createdAt'] }],
})
