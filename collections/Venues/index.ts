import type { CollectionConfig, Field } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { anyone } from '../../src/access/anyone'
import { hasRole } from '../../src/access/roles'
import { staff } from '../../src/access/staff'
import { openingHoursField } from '../../src/fields/openingHours'
import { slugField } from '../../src/fields/slugField'
import { timeZoneField } from '../../src/fields/timeZoneField'
import { inRange, wholeNumberAbove } from '../../src/fields/validators'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refreshEventSearchOnRename } from '../Events/refreshSearchAfterChange'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'

/** Event lists show venue names. */

export const amenities = [
  'parking',
  'wifi',
  'wheelchair-access',
  'accessible-toilets',
  'cloakroom',
  'bar',
  'food',
  'air-conditioning',
  'outdoor',
  'stage',
  'sound-system',
] as const

/** Organizers who run a venue's appointments, resources and closures (src/access/appointmentAccess). */
const managersField = (settings: PluginSettings): Field => ({
  name: 'managers',
  type: 'relationship',
  // Who runs a venue is staff's business: public venue and event reads leave it out.
  access: { read: ({ req }) => hasRole(req, 'admin', 'organizer') },
  admin: { description: 'Organizers who run its appointments, closures and resources.' },
  hasMany: true,
  relationTo: settings.slugs.users,
})

export const createVenuesCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.venues,
  access: { create: staff, delete: adminsOnly, read: anyone, update: adminsOnly },
  admin: { defaultColumns: ['name', 'address.city', 'capacity'], useAsTitle: 'name' },
  fields: [
    { name: 'name', type: 'text', maxLength: 200, required: true },
    slugField({ from: 'name' }),
    {
      name: 'address',
      type: 'group',
      fields: [
        { name: 'street', type: 'text', maxLength: 200 },
        { name: 'city', type: 'text', index: true, maxLength: 120 },
        { name: 'postalCode', type: 'text', maxLength: 20 },
        {
          name: 'country',
          type: 'text',
          maxLength: 2,
          admin: { description: 'ISO 3166-1 alpha-2, e.g. DE' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'latitude',
          type: 'number',
          max: 90,
          min: -90,
          validate: inRange(-90, 90, 'Latitude'),
        },
        {
          name: 'longitude',
          type: 'number',
          max: 180,
          min: -180,
          validate: inRange(-180, 180, 'Longitude'),
        },
      ],
    },
    {
      name: 'capacity',
      type: 'number',
      admin: { description: 'The most people the venue holds; an event can use less.' },
      min: 1,
      required: true,
      validate: wholeNumberAbove(0, 'Capacity'),
    },
    {
      name: 'amenities',
      type: 'select',
      hasMany: true,
      options: amenities.map((value) => ({ label: value.replace(/-/g, ' '), value })),
    },
    timeZoneField,
    ...(settings.parts.appointments ? [openingHoursField, managersField(settings)] : []),
  ],
  hooks: {
    afterChange: [...(settings.parts.search ? [refreshEventSearchOnRename('venues')] : [])],
    beforeDelete: [
      refuseDeleteWhileReferenced({ collection: slugs.events, field: 'venue', label: 'events' }),
    ],
  },
})
