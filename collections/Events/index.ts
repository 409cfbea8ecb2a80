import type { CollectionConfig } from 'payload'

import { eventOrganizerField, manageOwnEvents, readEvents } from '../../src/access/eventAccess'
import { adminsOnlyField } from '../../src/access/adminsOnly'
import { staff } from '../../src/access/staff'
import { eventByIdEndpoint } from './eventByIdEndpoint'
import { eventListEndpoint } from './eventListEndpoint'
import { ticketingEndpoints } from './ticketingEndpoints'
import { searchEventsEndpoint } from './searchEventsEndpoint'
import { slugField } from '../../src/fields/slugField'
import { validPrice, wholeNumberAbove } from '../../src/fields/validators'
import { eventCategories } from '../../src/fields/eventCategories'
import { validateSafeRichText } from '../../src/fields/safeLinks'
import { uploadField } from '../../src/fields/uploadField'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'
import { assignOrganizerBeforeChange } from './assignOrganizerBeforeChange'
import { checkCapacityBeforeChange } from './checkCapacityBeforeChange'
import { currencyField } from './currencies'
import { refreshSearchAfterChange } from './refreshSearchAfterChange'
import { seatsAvailableAfterRead, seatsBookedAfterRead } from './liveSeats'
import { forgetOfferAfterChange } from '../Bookings/operations/eventOffer'
import { cancelBookingsAfterChange } from './cancelBookingsAfterChange'
import { eventCalendarEndpoint, eventsFeedEndpoint } from './calendarEndpoints'

export const eventStatuses = ['draft', 'published', 'cancelled', 'completed'] as const

const never = () => false

/** Event lists on pages and cached event reads show events: drop them when one changes. */

export const createEventsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.events,
  access: { create: staff, delete: manageOwnEvents, read: readEvents, update: manageOwnEvents },
  admin: {
    defaultColumns: ['title', 'startDate', 'venue', 'status', 'seatsBooked', 'capacity'],
    useAsTitle: 'title',
  },
  defaultPopulate: {
    slug: true,
    capacity: true,
    nextHoldExpiry: true,
    seatsBooked: true,
    startDate: true,
    title: true,
  },
  // Order matters: '/search' before '/:id'.
  endpoints: [
    ...(settings.parts.search ? [searchEventsEndpoint] : []),
    ...(settings.parts.mail ? [eventsFeedEndpoint, eventCalendarEndpoint] : []),
    eventListEndpoint,
    ...ticketingEndpoints,
    eventByIdEndpoint,
  ],
  fields: [
    { name: 'title', type: 'text', maxLength: 200, required: true },
    slugField({ from: 'title' }),
    { name: 'description', type: 'richText', validate: validateSafeRichText },
    {
      type: 'row',
      fields: [
        {
          name: 'category',
          type: 'select',
          defaultValue: 'other',
          options: eventCategories.map((value) => ({ label: value, value })),
          required: true,
        },
        {
          name: 'status',
          type: 'select',
          defaultValue: 'draft',
          index: true,
          options: eventStatuses.map((value) => ({ label: value, value })),
          required: true,
        },
      ],
    },
    { name: 'venue', type: 'relationship', relationTo: slugs.venues, required: true },
    { name: 'tags', type: 'relationship', hasMany: true, relationTo: slugs.tags },
    {
      name: 'organizer',
      type: 'relationship',
      access: { create: adminsOnlyField, update: adminsOnlyField },
      admin: { description: 'Set to the creator. Only admins can change it.', position: 'sidebar' },
      relationTo: settings.slugs.users,
    },
    {
      type: 'row',
      fields: [
        {
          name: 'startDate',
          type: 'date',
          admin: { date: { pickerAppearance: 'dayAndTime' } },
          required: true,
        },
        {
          name: 'endDate',
          type: 'date',
          admin: { date: { pickerAppearance: 'dayAndTime' } },
          required: true,
          validate: (
            value: Date | null | string | undefined,
            { siblingData }: { siblingData: { startDate?: Date | string } },
          ) => {
            if (!value) return 'End date is required.'
            const start = siblingData.startDate ? new Date(siblingData.startDate).getTime() : NaN
            return new Date(value).getTime() > start
              ? true
              : 'End date must be after the start date.'
          },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'capacity',
          type: 'number',
          required: true,
          validate: wholeNumberAbove(0, 'Capacity'),
        },
        {
          name: 'price',
          type: 'number',
          defaultValue: 0,
          required: true,
          validate: validPrice,
        },
        currencyField,
      ],
    },
    {
      name: 'cancellationCutoffHours',
      type: 'number',
      admin: {
        description:
          'Customers may cancel until this many hours before the start (empty: until the start).',
      },
      max: 8760,
      min: 0,
      validate: (value: null | number | undefined) =>
        value === null ||
        value === undefined ||
        (Number.isInteger(value) && value >= 0 && value <= 8760)
          ? true
          : 'Cancellation cut-off must be a whole number of hours from 0 to 8760.',
    },
    ...(settings.parts.waitingList
      ? [
          {
            name: 'waitingListGuests',
            type: 'checkbox' as const,
            admin: {
              description:
                'When sold out, people without an account may join the waiting list with their e-mail address (they confirm it first).',
            },
            defaultValue: false,
          },
        ]
      : []),
    ...uploadField(settings, { name: 'image' }),
    {
      name: 'checkInStaff',
      type: 'relationship',
      access: { read: eventOrganizerField },
      admin: {
        description: 'Accounts that may check tickets in at the door (besides the organizer).',
        position: 'sidebar',
      },
      hasMany: true,
      relationTo: settings.slugs.users,
    },
    {
      name: 'seatsBooked',
      type: 'number',
      access: { create: never, update: never },
      admin: { position: 'sidebar', readOnly: true },
      defaultValue: 0,
      hooks: { afterRead: [seatsBookedAfterRead] },
    },
    {
      name: 'seatsAvailable',
      type: 'number',
      admin: { position: 'sidebar', readOnly: true },
      hooks: { afterRead: [seatsAvailableAfterRead] },
      virtual: true,
    },
    // When the first pending hold may lapse (see liveSeats.ts). Kept by SQL only, never sent to
    // clients, and after the two fields above, whose hooks read it before Payload hides it.
    {
      name: 'nextHoldExpiry',
      type: 'date',
      access: { create: never, update: never },
      admin: { disabled: true },
      hidden: true,
    },
  ],
  hooks: {
    afterChange: [
      ...(settings.parts.search ? [refreshSearchAfterChange] : []),
      forgetOfferAfterChange,
      cancelBookingsAfterChange,
    ],
    beforeChange: [assignOrganizerBeforeChange, checkCapacityBeforeChange],
    beforeDelete: [
      refuseDeleteWhileReferenced({
        collection: slugs.bookings,
        field: 'event',
        label: 'bookings',
      }),
    ],
  },
  indexes: [
    { fields: ['status', 'startDate'] },
    { fields: ['organizer', 'status'] },
    { fields: ['category', 'startDate'] },
  ],
})
