import type { CollectionConfig } from 'payload'

import { manageOwnTicketTypes, readTicketTypes } from '../../src/access/ticketTypeAccess'
import { staff } from '../../src/access/staff'
import { validPrice, wholeNumberAbove } from '../../src/fields/validators'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'
import { checkTicketTypeBeforeChange } from './checkTicketTypeBeforeChange'
import { forgetOfferAfterChange } from '../Bookings/operations/eventOffer'
import { typeSeatsAvailableAfterRead, typeSeatsBookedAfterRead } from './liveTypeSeats'

const never = () => false

/** Event reads show what is left of each type: drop them when a type changes. */

const optionalWholeNumber = (label: string) => (value: null | number | undefined) =>
  value === null || value === undefined ? true : wholeNumberAbove(0, label)(value)

/**
 * What an event sells: early bird, student, VIP... Each has its exact price (the event's
 * currency), an optional capacity of its own (the event's capacity still binds the total), a sale
 * window, the least and most per booking, and can be hidden (sold only with its access code, or
 * by staff). An event without ticket types sells one implicit type at its own price.
 */
export const createTicketTypesCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.ticketTypes,
  access: {
    create: staff,
    delete: manageOwnTicketTypes,
    read: readTicketTypes,
    update: manageOwnTicketTypes,
  },
  admin: {
    defaultColumns: ['name', 'event', 'price', 'capacity', 'seatsBooked', 'hidden'],
    group: 'Tickets',
    useAsTitle: 'name',
  },
  defaultSort: 'sortOrder',
  fields: [
    { name: 'event', type: 'relationship', index: true, relationTo: slugs.events, required: true },
    { name: 'name', type: 'text', maxLength: 120, required: true },
    { name: 'description', type: 'textarea', maxLength: 2000 },
    {
      type: 'row',
      fields: [
        {
          name: 'price',
          type: 'number',
          admin: { description: "In the event's currency." },
          defaultValue: 0,
          required: true,
          validate: validPrice,
        },
        {
          name: 'capacity',
          type: 'number',
          admin: { description: "Empty: only the event's capacity limits it." },
          validate: optionalWholeNumber('Capacity'),
        },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'salesOpenAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'salesCloseAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'minPerBooking',
          type: 'number',
          defaultValue: 1,
          required: true,
          validate: wholeNumberAbove(0, 'The least per booking'),
        },
        {
          name: 'maxPerBooking',
          type: 'number',
          admin: {
            description: `Empty: up to ${settings.bookings.maxSeatsPerBooking} (the largest booking).`,
          },
          validate: optionalWholeNumber('The most per booking'),
        },
      ],
    },
    {
      name: 'hidden',
      type: 'checkbox',
      admin: {
        description:
          'Not listed on the site: sold with its access code (a direct link) or by staff.',
      },
      defaultValue: false,
    },
    {
      name: 'accessCode',
      type: 'text',
      access: { create: never, read: ({ req }) => Boolean(staff({ req })), update: never },
      admin: {
        condition: (data) => Boolean(data?.hidden),
        description: 'Put it in the link you share: customers send it with their booking.',
        readOnly: true,
      },
      maxLength: 40,
    },
    { name: 'sortOrder', type: 'number', admin: { position: 'sidebar' }, defaultValue: 0 },
    {
      name: 'seatsBooked',
      type: 'number',
      access: { create: never, update: never },
      admin: { position: 'sidebar', readOnly: true },
      defaultValue: 0,
      hooks: { afterRead: [typeSeatsBookedAfterRead] },
    },
    {
      name: 'seatsAvailable',
      type: 'number',
      admin: { position: 'sidebar', readOnly: true },
      hooks: { afterRead: [typeSeatsAvailableAfterRead] },
      virtual: true,
    },
  ],
  hooks: {
    afterChange: [forgetOfferAfterChange],
    beforeChange: [checkTicketTypeBeforeChange],
    beforeDelete: [
      refuseDeleteWhileReferenced({
        collection: slugs.bookings,
        field: 'lines.ticketType',
        label: 'bookings',
      }),
    ],
  },
  indexes: [{ fields: ['event', 'sortOrder'] }],
})
