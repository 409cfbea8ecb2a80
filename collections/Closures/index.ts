import type { CollectionConfig } from 'payload'

import { manageVenueSchedule } from '../../src/access/appointmentAccess'
import { anyone } from '../../src/access/anyone'
import { staff } from '../../src/access/staff'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refuseUnmanagedVenue } from '../../hooks/refuseUnmanagedVenue'
import { PublicError } from '../../src/utilities/publicError'
import { idOf } from '../../src/utilities/ids'

export const closureKinds = ['holiday', 'closure', 'time_off'] as const

/**
 * Times no appointment may use: a holiday or a one-off closure of a whole venue, or of one
 * resource (a bay under repair), or a member of staff's time off (a closure of their resource).
 * Existing appointments stay; the free-slot search and new appointments avoid the time.
 */
export const createClosuresCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.closures,
  access: { create: staff, delete: manageVenueSchedule, read: anyone, update: manageVenueSchedule },
  admin: {
    defaultColumns: ['kind', 'venue', 'resource', 'startsAt', 'endsAt', 'reason'],
    group: 'Appointments',
  },
  defaultSort: 'startsAt',
  fields: [
    {
      name: 'kind',
      type: 'select',
      defaultValue: 'closure',
      options: closureKinds.map((value) => ({ label: value.replace('_', ' '), value })),
      required: true,
    },
    { name: 'venue', type: 'relationship', relationTo: settings.slugs.venues, required: true },
    {
      name: 'resource',
      type: 'relationship',
      admin: { description: 'Empty: the whole venue is closed.' },
      relationTo: slugs.resources,
    },
    {
      type: 'row',
      fields: [
        {
          name: 'startsAt',
          type: 'date',
          admin: { date: { pickerAppearance: 'dayAndTime' } },
          required: true,
        },
        {
          name: 'endsAt',
          type: 'date',
          admin: { date: { pickerAppearance: 'dayAndTime' } },
          required: true,
        },
      ],
    },
    { name: 'reason', type: 'text', maxLength: 200 },
  ],
  hooks: {
    beforeChange: [
      refuseUnmanagedVenue,
      // The resource must be at the venue, and the time must not end before it starts.
      async ({ data, originalDoc, req }) => {
        const startsAt = Date.parse(String(data.startsAt ?? originalDoc?.startsAt))
        const endsAt = Date.parse(String(data.endsAt ?? originalDoc?.endsAt))
        if (!(endsAt > startsAt)) throw new PublicError('A closure must end after it starts.', 400)
        const resourceId = idOf(data.resource ?? originalDoc?.resource)
        if (resourceId === undefined) return data
        const resource = await req.payload.findByID({
          collection: slugs.resources,
          depth: 0,
          disableErrors: true,
          id: resourceId,
          overrideAccess: true,
          req,
          select: { venue: true },
        })
        const venueId = idOf(data.venue ?? originalDoc?.venue)
        if (!resource || String(idOf(resource.venue)) !== String(venueId)) {
          throw new PublicError('The resource is not at this venue.', 400)
        }
        return data
      },
    ],
  },
  indexes: [{ fields: ['venue', 'startsAt'] }],
})
