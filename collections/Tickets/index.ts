import type { CollectionConfig, FieldAccess } from 'payload'

import { readTickets, updateTickets } from '../../src/access/ticketAccess'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { ticketEndpoints } from './ticketEndpoints'

const serverOwned: { create: FieldAccess; update: FieldAccess } = {
  create: () => false,
  update: () => false,
}

/**
 * One row per admitted person, made with its booking (one per seat). Each ticket's secret code is
 * derived from a server key and the ticket's id and version (src/tickets/ticketCodes.ts), so the
 * database keeps only its SHA-256: nothing in it can reproduce a code, the booker can always see
 * theirs again, and reissuing (a new version) voids the old one. Nobody creates or deletes
 * tickets through the API: bookings make them, and cancelled ones stay as records (the door
 * refuses them).
 */
export const createTicketsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.tickets,
  access: { create: () => false, delete: () => false, read: readTickets, update: updateTickets },
  admin: {
    defaultColumns: ['id', 'event', 'ticketType', 'attendeeName', 'booking'],
    group: 'Tickets',
  },
  endpoints: ticketEndpoints,
  fields: [
    {
      name: 'booking',
      type: 'relationship',
      access: serverOwned,
      admin: { readOnly: true },
      index: true,
      relationTo: settings.slugs.bookings,
      required: true,
    },
    {
      name: 'event',
      type: 'relationship',
      access: serverOwned,
      admin: { readOnly: true },
      index: true,
      relationTo: slugs.events,
      required: true,
    },
    {
      name: 'ticketType',
      type: 'relationship',
      access: serverOwned,
      admin: { readOnly: true },
      relationTo: slugs.ticketTypes,
    },
    {
      name: 'attendeeName',
      type: 'text',
      admin: { description: 'Who uses this ticket (optional; erased with the booker).' },
      maxLength: 120,
    },
    {
      name: 'version',
      type: 'number',
      access: serverOwned,
      admin: {
        description: 'Raised when the ticket is reissued: older codes stop working.',
        readOnly: true,
      },
      defaultValue: 1,
      required: true,
    },
    // SHA-256 of the code, for the door's lookup; never sent to anyone.
    {
      name: 'codeHash',
      type: 'text',
      access: serverOwned,
      hidden: true,
      required: true,
      unique: true,
    },
  ],
})
