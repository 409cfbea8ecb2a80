import type { CollectionConfig, FieldAccess } from 'payload'

import { adminsOnly, adminsOnlyField } from '../../src/access/adminsOnly'
import { hasRole } from '../../src/access/roles'
import { readWaitingList, updateWaitingList } from '../../src/access/waitingListAccess'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { waitingListEndpoints } from './waitingListEndpoints'
import {
  joinBeforeChange,
  mailGuestAfterChange,
  releaseOfferAfterChange,
  transitionBeforeChange,
} from './waitingListHooks'
import { waitingListStatuses } from './waitingListRules'

const serverOwned: { create: FieldAccess; update: FieldAccess } = {
  create: () => false,
  update: () => false,
}
const staffField: FieldAccess = ({ req }) => hasRole(req, 'admin', 'organizer')

/**
 * The waiting list of a sold-out event (or one of its ticket types): people join, first come
 * first served (staff may raise an entry's priority); when seats free up, the next entries get an
 * offer, a pending hold on the seats for `waitingList.offerHours` with a one-time link by mail
 * (offerSeatsTask.ts). One open entry per person, event and type (a partial unique index).
 * Guests join with an address where the event allows it, and confirm it first (guestEntries.ts).
 */
export const createWaitingListCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.waitingList,
  access: {
    // Anyone: the join hook names what is missing (a sign-in, or a guest's address where allowed).
    create: builtByPlugin(() => true),
    // Records of who waited and was offered what: status changes, never deleted but by admins.
    delete: adminsOnly,
    read: readWaitingList,
    update: updateWaitingList,
  },
  admin: {
    defaultColumns: [
      'event',
      'ticketType',
      'user',
      'email',
      'quantity',
      'status',
      'priority',
      'createdAt',
    ],
    description:
      'People waiting for a sold-out event, first come first served (a higher priority goes first). Freed seats are offered to them automatically.',
    group: 'Tickets',
  },
  defaultSort: 'createdAt',
  endpoints: waitingListEndpoints,
  fields: [
    { name: 'event', type: 'relationship', index: true, relationTo: slugs.events, required: true },
    {
      name: 'ticketType',
      type: 'relationship',
      admin: { description: 'Empty: any seat of the event.' },
      relationTo: slugs.ticketTypes,
    },
    {
      name: 'user',
      type: 'relationship',
      access: { create: adminsOnlyField, update: () => false },
      admin: { description: 'Set to whoever joins (admins may add someone).' },
      relationTo: settings.slugs.users,
    },
    {
      name: 'email',
      type: 'text',
      access: { update: () => false },
      admin: {
        description:
          "A guest's address (no account), until they confirm it from the mail sent to it; then the entry is their account's.",
        readOnly: true,
      },
      maxLength: 254,
    },
    {
      name: 'quantity',
      type: 'number',
      defaultValue: 1,
      max: settings.bookings.maxSeatsPerBooking,
      min: 1,
      required: true,
    },
    {
      name: 'status',
      type: 'select',
      access: { create: () => false },
      defaultValue: 'waiting',
      options: waitingListStatuses.map((value) => ({ label: value, value })),
      required: true,
    },
    {
      name: 'priority',
      type: 'number',
      access: { create: staffField, update: staffField },
      admin: { description: 'Higher goes first; the same priority in the order people joined.' },
      defaultValue: 0,
    },
    {
      name: 'booking',
      type: 'relationship',
      access: serverOwned,
      admin: { description: 'The hold of the latest offer.', readOnly: true },
      relationTo: slugs.bookings,
    },
    { name: 'offers', type: 'number', access: serverOwned, defaultValue: 0 },
    {
      name: 'offerExpiresAt',
      type: 'date',
      access: serverOwned,
      admin: { date: { pickerAppearance: 'dayAndTime' }, readOnly: true },
    },
    {
      name: 'offerTokenHash',
      type: 'text',
      access: { create: () => false, read: () => false, update: () => false },
      admin: { hidden: true },
      index: true,
    },
    {
      name: 'closedReason',
      type: 'text',
      access: serverOwned,
      admin: { readOnly: true },
    },
  ],
  hooks: {
    afterChange: [mailGuestAfterChange, releaseOfferAfterChange],
    beforeChange: [joinBeforeChange, transitionBeforeChange],
  },
  indexes: [{ fields: ['event', 'status', 'createdAt'] }],
})
