import type { CollectionConfig } from 'payload'

import { manageVenueSchedule } from '../../src/access/appointmentAccess'
import { anyone } from '../../src/access/anyone'
import { staff } from '../../src/access/staff'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'
import { refuseUnmanagedVenue } from '../../hooks/refuseUnmanagedVenue'

export const resourceKinds = ['room', 'bay', 'staff', 'equipment'] as const

/**
 * What an appointment takes for its time: a party room, a wash bay, a member of staff. One
 * resource is never booked twice at once (an exclusion constraint in PostgreSQL); it does the
 * services it lists, at its venue, in the venue's opening hours, outside closures and time off.
 */
export const createResourcesCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.resources,
  access: { create: staff, delete: manageVenueSchedule, read: anyone, update: manageVenueSchedule },
  admin: {
    defaultColumns: ['name', 'kind', 'venue', 'active'],
    group: 'Appointments',
    useAsTitle: 'name',
  },
  defaultSort: 'sortOrder',
  fields: [
    { name: 'name', type: 'text', maxLength: 120, required: true },
    {
      name: 'kind',
      type: 'select',
      defaultValue: 'room',
      options: resourceKinds.map((value) => ({ label: value, value })),
      required: true,
    },
    {
      name: 'venue',
      type: 'relationship',
      index: true,
      relationTo: settings.slugs.venues,
      required: true,
    },
    {
      name: 'services',
      type: 'relationship',
      admin: { description: 'The services it can do.' },
      hasMany: true,
      relationTo: slugs.services,
    },
    {
      name: 'user',
      type: 'relationship',
      admin: { condition: (data) => data?.kind === 'staff', description: 'Their account, if any.' },
      relationTo: settings.slugs.users,
    },
    {
      name: 'active',
      type: 'checkbox',
      admin: { description: 'Inactive: offered for no new appointment.', position: 'sidebar' },
      defaultValue: true,
    },
    { name: 'sortOrder', type: 'number', admin: { position: 'sidebar' }, defaultValue: 0 },
  ],
  hooks: {
    beforeChange: [refuseUnmanagedVenue],
    beforeDelete: [
      refuseDeleteWhileReferenced({
        collection: settings.slugs.appointments,
        field: 'resource',
        label: 'appointments',
      }),
    ],
  },
})
