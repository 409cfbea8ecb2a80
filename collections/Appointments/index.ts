import type { CollectionConfig, FieldAccess } from 'payload'

import { readAppointments } from '../../src/access/appointmentAccess'
import { authenticated } from '../../src/access/authenticated'
import { adminsOnlyField } from '../../src/access/adminsOnly'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { createAppointmentEndpoint } from './createAppointmentEndpoint'
import { scheduleAppointmentBeforeChange } from './scheduleAppointmentBeforeChange'

export const appointmentStatuses = [
  'pending',
  'confirmed',
  'completed',
  'no_show',
  'cancelled',
  'expired',
] as const

const never: FieldAccess = () => false
/** Set by the scheduling hook from the service, the time and the resource it found. */
const serverOwned = { create: never, update: never }

/**
 * A service booked for a time on a resource. The hook (scheduleAppointmentBeforeChange) finds the
 * resource, the end and the taken range (the service with its buffers) and snapshots the price;
 * PostgreSQL refuses two appointments that take one resource's time at once (an exclusion
 * constraint on the taken range), whatever writes them.
 */
export const createAppointmentsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.appointments,
  access: {
    create: authenticated,
    // Records: cancelled, never deleted.
    delete: () => false,
    read: readAppointments,
    update: readAppointments,
  },
  admin: {
    defaultColumns: ['reference', 'service', 'start', 'resource', 'customer', 'status'],
    group: 'Appointments',
    useAsTitle: 'reference',
  },
  defaultSort: 'start',
  endpoints: [createAppointmentEndpoint],
  fields: [
    {
      name: 'reference',
      type: 'text',
      access: serverOwned,
      admin: { position: 'sidebar', readOnly: true },
      maxLength: 12,
      unique: true,
    },
    {
      name: 'service',
      type: 'relationship',
      access: { update: never },
      relationTo: slugs.services,
      required: true,
    },
    {
      type: 'row',
      fields: [
        {
          name: 'start',
          type: 'date',
          admin: { date: { pickerAppearance: 'dayAndTime' } },
          required: true,
        },
        {
          name: 'end',
          type: 'date',
          access: serverOwned,
          admin: { date: { pickerAppearance: 'dayAndTime' }, readOnly: true },
        },
      ],
    },
    {
      name: 'resource',
      type: 'relationship',
      admin: { description: 'Empty: a free one that can do the service is assigned.' },
      relationTo: slugs.resources,
    },
    {
      name: 'venue',
      type: 'relationship',
      admin: { description: 'Empty: any venue with a free resource.' },
      index: true,
      relationTo: settings.slugs.venues,
    },
    {
      name: 'customer',
      type: 'relationship',
      access: { update: never },
      admin: { description: 'Whoever books (staff may book for someone).' },
      relationTo: settings.slugs.users,
    },
    {
      name: 'guests',
      type: 'number',
      access: { update: never },
      defaultValue: 1,
      required: true,
    },
    { name: 'notes', type: 'textarea', maxLength: 2000 },
    {
      name: 'status',
      type: 'select',
      admin: {
        description:
          'Free services are confirmed at once; paid ones are held (pending) until paid.',
        position: 'sidebar',
      },
      options: appointmentStatuses.map((value) => ({ label: value.replace('_', ' '), value })),
    },
    {
      name: 'expiresAt',
      type: 'date',
      access: serverOwned,
      admin: { description: 'When a pending hold lapses.', position: 'sidebar', readOnly: true },
    },
    {
      type: 'row',
      fields: [
        { name: 'unitPrice', type: 'number', access: serverOwned, admin: { readOnly: true } },
        { name: 'totalPrice', type: 'number', access: serverOwned, admin: { readOnly: true } },
        {
          name: 'currency',
          type: 'text',
          access: serverOwned,
          admin: { readOnly: true },
          maxLength: 3,
        },
      ],
    },
    {
      name: 'blockedFrom',
      type: 'date',
      access: serverOwned,
      admin: { description: 'Start minus the buffer before.', hidden: true },
    },
    {
      name: 'blockedUntil',
      type: 'date',
      access: serverOwned,
      admin: { description: 'End plus the buffer after.', hidden: true },
    },
    {
      name: 'idempotencyKey',
      type: 'text',
      access: { update: never },
      admin: { description: 'Sent by clients so that a retried request never books twice.' },
      maxLength: 200,
    },
    {
      name: 'paymentReference',
      type: 'text',
      access: { create: adminsOnlyField, update: adminsOnlyField },
      maxLength: 200,
    },
  ],
  hooks: { beforeChange: [scheduleAppointmentBeforeChange] },
  indexes: [
    { fields: ['customer', 'start'] },
    { fields: ['resource', 'start'] },
    { fields: ['customer', 'idempotencyKey'], unique: true },
  ],
})
