import type { CollectionConfig, FieldAccess } from 'payload'

import { readCheckIns } from '../../src/access/ticketAccess'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { checkInEndpoints } from './checkInEndpoints'

const serverOwned: { create: FieldAccess; update: FieldAccess } = {
  create: () => false,
  update: () => false,
}

/** Why a scan did not admit. */
export const checkInRefusals = [
  'already_checked_in',
  'cancelled',
  'expired',
  'refunded',
  'unpaid',
  'other_event',
  'unknown_code',
  'outside_window',
] as const
export type CheckInRefusal = (typeof checkInRefusals)[number]

/**
 * Every scan at the door, admitted or refused (with why), as a record: who scanned, at which gate,
 * when. PostgreSQL admits a ticket once (a partial unique index over its active admission), and a
 * scanner's repeated upload (the same `nonce`) is answered the same without a new row. Only the
 * check-in endpoint writes them; an organizer or admin can undo an admission (audited).
 */
export const createCheckInsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.checkIns,
  access: { create: () => false, delete: () => false, read: readCheckIns, update: () => false },
  admin: {
    defaultColumns: ['createdAt', 'event', 'result', 'reason', 'gate', 'scannedBy'],
    group: 'Tickets',
  },
  endpoints: checkInEndpoints,
  fields: [
    {
      name: 'event',
      type: 'relationship',
      access: serverOwned,
      relationTo: slugs.events,
      required: true,
    },
    { name: 'ticket', type: 'relationship', access: serverOwned, relationTo: slugs.tickets },
    {
      name: 'ticketType',
      type: 'relationship',
      access: serverOwned,
      relationTo: slugs.ticketTypes,
    },
    {
      name: 'booking',
      type: 'relationship',
      access: serverOwned,
      relationTo: settings.slugs.bookings,
    },
    {
      name: 'result',
      type: 'select',
      access: serverOwned,
      options: ['admitted', 'refused'].map((value) => ({ label: value, value })),
      required: true,
    },
    {
      name: 'reason',
      type: 'select',
      access: serverOwned,
      options: checkInRefusals.map((value) => ({ label: value, value })),
    },
    {
      name: 'scannedBy',
      type: 'relationship',
      access: serverOwned,
      relationTo: settings.slugs.users,
    },
    { name: 'gate', type: 'text', access: serverOwned, maxLength: 120 },
    { name: 'nonce', type: 'text', access: serverOwned, maxLength: 120 },
    { name: 'undoneAt', type: 'date', access: serverOwned },
    {
      name: 'undoneBy',
      type: 'relationship',
      access: serverOwned,
      relationTo: settings.slugs.users,
    },
  ],
  indexes: [{ fields: ['event', 'createdAt'] }],
})
