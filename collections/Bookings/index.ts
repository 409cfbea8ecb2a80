import type { Access, CollectionConfig, FieldAccess } from 'payload'

import { adminsOnlyField } from '../../src/access/adminsOnly'
import { authenticated } from '../../src/access/authenticated'
import { readBookings, updateBookings } from '../../src/access/bookingAccess'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { bookingListEndpoint } from './bookingListEndpoint'
import { bookingStatuses, isSeatCount } from './bookingRules'
import { changeStatusBeforeChange } from './changeStatusBeforeChange'
import { claimSeatsBeforeChange, issueTicketsAfterChange } from './claimSeatsBeforeChange'
import { createBookingEndpoint } from './createBookingEndpoint'
import { bookingTicketsEndpoint } from './bookingTicketsEndpoint'
import { bookingUpdateEndpoint } from './bookingUpdateEndpoint'
import { bookingPaymentEndpoints } from '../Payments/paymentEndpoints'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'

/** Anyone signed in books (for themselves; admins also for others). */
const bookers: Access = builtByPlugin((args: Parameters<Access>[0]) => authenticated(args))

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
      create: bookers,
      // Financial records: cancelled or refunded (which frees the seats), never deleted.
      delete: () => false,
      read: readBookings,
      update: updateBookings,
    },
    admin: {
      defaultColumns: ['reference', 'event', 'user', 'seats', 'status', 'totalPrice', 'createdAt'],
      useAsTitle: 'reference',
    },
    endpoints: [
      createBookingEndpoint,
      bookingListEndpoint,
      bookingTicketsEndpoint,
      bookingUpdateEndpoint,
      ...(settings.parts.payments ? bookingPaymentEndpoints : []),
    ],
    fields: [
      {
        name: 'reference',
        type: 'text',
        access: serverOwned,
        admin: {
          description: 'Short and unambiguous: for the door, the phone and the confirmation.',
          position: 'sidebar',
          readOnly: true,
        },
        maxLength: 12,
        unique: true,
      },
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
        name: 'lines',
        type: 'array',
        access: serverOwned,
        admin: {
          description: 'What was booked: a quantity of each ticket type, at the price of the day.',
          readOnly: true,
        },
        fields: [
          {
            name: 'ticketType',
            type: 'relationship',
            admin: { description: "Empty: the event's own price (an event without ticket types)." },
            relationTo: slugs.ticketTypes,
          },
          { name: 'name', type: 'text', maxLength: 120, required: true },
          { name: 'quantity', type: 'number', required: true },
          { name: 'unitPrice', type: 'number', required: true },
        ],
        interfaceName: 'BookingLine',
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
      // The booking operation (operations/book.ts) does what these do on create in one statement
      // while the collection is as built; Payload's create runs them otherwise.
      afterChange: [issueTicketsAfterChange],
      beforeChange: [claimSeatsBeforeChange, changeStatusBeforeChange],
    },
    indexes: [
      { fields: ['user', 'idempotencyKey'], unique: true },
      { fields: ['user', 'createdAt'] },
      { fields: ['event', 'status'] },
    ],
  }
}
