import type { CollectionConfig, Field } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { readPayments } from '../../src/access/paymentAccess'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { paymentStatuses, refundStatuses } from './paymentRules'
import { paymentWebhookEndpoints } from './webhookEndpoints'

const nobody = () => false
const readOnly = { readOnly: true } as const
const money = (name: string, description?: string): Field => ({
  name,
  type: 'number',
  admin: { ...readOnly, description },
  defaultValue: 0,
  required: true,
})

/** The booking a payment or refund is of. */
const bookingField: Field = {
  name: 'booking',
  type: 'relationship',
  admin: readOnly,
  index: true,
  relationTo: slugs.bookings,
  required: true,
}

/** A record's status, `pending` until its provider settles it (paymentRules.ts). */
const statusField = (statuses: readonly string[]): Field => ({
  name: 'status',
  type: 'select',
  admin: readOnly,
  defaultValue: 'pending',
  options: statuses.map((value) => ({ label: value, value })),
  required: true,
})

/**
 * Payments of bookings, one row per attempt: what was due (the booking's total, exact), what the
 * provider says arrived, what was refunded. Written only by the payment endpoints and webhooks
 * (collections/Payments/applyPaymentNotice.ts); financial records, never deleted.
 */
export const createPaymentsCollection = (): CollectionConfig => ({
  slug: slugs.payments,
  access: { create: nobody, delete: nobody, read: readPayments, update: nobody },
  admin: {
    defaultColumns: [
      'booking',
      'provider',
      'status',
      'amount',
      'amountPaid',
      'amountRefunded',
      'flag',
    ],
    description:
      'Money received for bookings. A flag means staff must look: the amount differed, or the payment came after the seats were gone.',
    group: 'Payments',
  },
  defaultSort: '-createdAt',
  endpoints: paymentWebhookEndpoints,
  fields: [
    bookingField,
    { name: 'provider', type: 'text', admin: readOnly, maxLength: 40, required: true },
    statusField(paymentStatuses),
    money('amount', "What was due: the booking's total when the payment started."),
    { name: 'currency', type: 'text', admin: readOnly, maxLength: 3, required: true },
    money('amountPaid', 'What the provider says arrived.'),
    money('amountRefunded', 'Refunds pending or done (never more than was paid).'),
    {
      name: 'flag',
      type: 'text',
      admin: {
        ...readOnly,
        description: 'Why staff must look at this payment (empty: nothing to do).',
      },
      maxLength: 500,
    },
    { name: 'checkoutUrl', type: 'text', admin: readOnly, maxLength: 2000 },
    { name: 'instructions', type: 'text', admin: readOnly, maxLength: 1000 },
    { name: 'providerPaymentId', type: 'text', admin: readOnly, maxLength: 255 },
    { name: 'providerIntentId', type: 'text', admin: readOnly, maxLength: 255 },
  ],
  indexes: [{ fields: ['provider', 'providerPaymentId'], unique: true }],
})

/**
 * Refunds of payments, full or partial: requested by staff (or made automatically for a payment
 * that came too late), sent to the provider by a job with the refund's id as idempotency key.
 * The sum of a payment's refunds never exceeds what it paid (a CHECK on `payments`).
 */
export const createRefundsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.refunds,
  access: { create: nobody, delete: nobody, read: readPayments, update: nobody },
  admin: {
    defaultColumns: ['booking', 'amount', 'currency', 'status', 'reason', 'createdAt'],
    description: 'Money given back, through the provider that took it.',
    group: 'Payments',
  },
  defaultSort: '-createdAt',
  fields: [
    {
      name: 'payment',
      type: 'relationship',
      admin: readOnly,
      index: true,
      relationTo: slugs.payments,
      required: true,
    },
    bookingField,
    { name: 'amount', type: 'number', admin: readOnly, required: true },
    { name: 'currency', type: 'text', admin: readOnly, maxLength: 3, required: true },
    statusField(refundStatuses),
    { name: 'reason', type: 'text', admin: readOnly, maxLength: 500 },
    { name: 'failureReason', type: 'text', admin: readOnly, maxLength: 500 },
    { name: 'providerRefundId', type: 'text', admin: readOnly, maxLength: 255 },
    {
      name: 'requestedBy',
      type: 'relationship',
      admin: {
        ...readOnly,
        description: 'Empty: made by the system (a payment after the seats were gone).',
      },
      relationTo: settings.slugs.users,
    },
  ],
})

/**
 * Every provider event that had an effect, unique per (provider, event id) and inserted in the
 * same transaction as its effect: a replayed or concurrent duplicate webhook finds it and changes
 * nothing.
 */
export const createPaymentEventsCollection = (): CollectionConfig => ({
  slug: slugs.paymentEvents,
  access: { create: nobody, delete: nobody, read: adminsOnly, update: nobody },
  admin: {
    defaultColumns: ['provider', 'type', 'outcome', 'payment', 'createdAt'],
    description: 'Webhooks received from payment providers and what each did.',
    group: 'Payments',
  },
  defaultSort: '-createdAt',
  fields: [
    { name: 'provider', type: 'text', admin: readOnly, maxLength: 40, required: true },
    { name: 'eventId', type: 'text', admin: readOnly, maxLength: 255, required: true },
    { name: 'type', type: 'text', admin: readOnly, maxLength: 100 },
    { name: 'payment', type: 'relationship', admin: readOnly, relationTo: slugs.payments },
    { name: 'outcome', type: 'text', admin: readOnly, maxLength: 500 },
  ],
  indexes: [{ fields: ['provider', 'eventId'], unique: true }],
})
