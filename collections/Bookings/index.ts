import type { CollectionConfig, FieldAccess } from 'payload'

import { adminsOnlyField } from '../../src/access/adminsOnly'
import { authenticated } from '../../src/access/authenticated'
import { readBookings, updateBookings } from '../../src/access/bookingAccess'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { bookingListEndpoint } from './bookingListEndpoint'
import { bookingStatuses, isSeatCount } from './bookingRules'
import { changeStatusBeforeChange } from './changeStatusBeforeChange'
import { claimSeatsBeforeChange } from './claimSeatsBeforeChange'
import { createBookingEndpoint } from './createBookingEndpoint'

/** Server-owned fields: hooks write them, clients never can. */
const serverOwned: { create: FieldAccess; update: FieldAccess } = {
  create: () => false,
  update: () => false,
}

export const createBookingsCollection = (settings: PluginSettings): CollectionConfig => {
  const options = settings.bookings
  return {
    slug: slugs.bookings,
    access: {
      create: authenticated,
      // Financial records: cancelled or refunded (which frees the seats), never deleted.
      delete: () => false,
      read: readBookings,
      update: updateBookings,
    },
    admin: {
      defaultColumns: ['event', 'user', 'seats', 'status', 'totalPrice', 'createdAt'],
      useAsTitle: 'id',
    },
    endpoints: [createBookingEndpoint(options), bookingListEndpoint],
    fields: [
      { name: 'event', type: 'relationship', relationTo: slugs.events, required: true },
      {
        name: 'user',
        type: 'relationship',
        access: { create: adminsOnlyField, update: () => false },
        admin: { description: 'Set to whoever books (admins may book for someone).' },
        relationTo: settings.slugs.users,
      },
      {
        name: 'seats',
        type: 'number',
        required: true,
        validate: (value: null | number | undefined) =>
          isSeatCount(value, options.maxSeatsPerBooking)
            ? true
            : `Seats must be a whole number from 1 to ${options.maxSeatsPerBooking}.`,
      },
      {
        name: 'status',
        type: 'select',
        access: { create: () => false },
        admin: {
          description:
            'Free events are confirmed at once; paid ones are held (pending) until paid.',
          position: 'sidebar',
        },
        defaultValue: 'pending',
        options: bookingStatuses.map((value) => ({ label: value, value })),
        required: true,
      },
      {
        type: 'row',
        fields: [
          { name: 'unitPrice', type: 'number', access: serverOwned, admin: { readOnly: true } },
          {
            name: 'currency',
            type: 'text',
            access: serverOwned,
            admin: { readOnly: true },
            maxLength: 3,
          },
          { name: 'totalPrice', type: 'number', access: serverOwned, admin: { readOnly: true } },
        ],
      },
      {
        name: 'expiresAt',
        type: 'date',
        access: serverOwned,
        admin: { description: 'When a pending hold lapses.', position: 'sidebar', readOnly: true },
      },
      {
        name: 'paymentReference',
        type: 'text',
        access: { create: adminsOnlyField, update: adminsOnlyField },
        maxLength: 200,
      },
      {
        name: 'idempotencyKey',
        type: 'text',
        access: { update: () => false },
        admin: { description: 'Sent by clients so that a retried request never books twice.' },
        maxLength: 200,
      },
      {
        name: 'contactSnapshot',
        type: 'group',
        access: serverOwned,
        admin: { description: 'Contact details as they were when booking.', readOnly: true },
        fields: [
          { name: 'name', type: 'text' },
          { name: 'email', type: 'email' },
          { name: 'phone', type: 'text' },
        ],
      },
    ],
    hooks: {
      // POST /api/bookings does what they do on create in one statement (fastCreateBooking).
      beforeChange: [claimSeatsBeforeChange(options), changeStatusBeforeChange],
    },
    indexes: [
      { fields: ['user', 'idempotencyKey'], unique: true },
      { fields: ['user', 'createdAt'] },
      { fields: ['event', 'status'] },
    ],
  }
}
