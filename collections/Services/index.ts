import type { CollectionConfig } from 'payload'

import { readServices } from '../../src/access/appointmentAccess'
import { staff } from '../../src/access/staff'
import { validPrice, wholeNumberInRange } from '../../src/fields/validators'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'
import { currencyField } from '../Events/currencies'

const minutes = (name: string, label: string, max: number, min = 0) => ({
  name,
  type: 'number' as const,
  admin: { description: 'Minutes.' },
  defaultValue: min,
  required: true,
  validate: wholeNumberInRange(min, max, label),
})

/**
 * What a customer books for a time: a party package, a car wash programme, a haircut. Its length
 * and the buffers around it (set-up, cleaning) decide how long a resource is taken; resources list
 * the services they can do. The price is per appointment or per guest, exact, in its currency.
 */
export const createServicesCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.services,
  access: { create: staff, delete: staff, read: readServices, update: staff },
  admin: {
    defaultColumns: ['name', 'category', 'durationMinutes', 'price', 'published'],
    group: 'Appointments',
    useAsTitle: 'name',
  },
  defaultSort: 'sortOrder',
  fields: [
    { name: 'name', type: 'text', maxLength: 120, required: true },
    { name: 'description', type: 'textarea', maxLength: 4000 },
    { name: 'category', type: 'text', index: true, maxLength: 80 },
    {
      type: 'row',
      fields: [
        minutes('durationMinutes', 'Duration', 24 * 60, 5),
        minutes('bufferBeforeMinutes', 'The buffer before', 240),
        minutes('bufferAfterMinutes', 'The buffer after', 240),
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'price', type: 'number', defaultValue: 0, required: true, validate: validPrice },
        currencyField,
        {
          name: 'pricing',
          type: 'select',
          defaultValue: 'per_appointment',
          options: [
            { label: 'per appointment', value: 'per_appointment' },
            { label: 'per guest', value: 'per_guest' },
          ],
          required: true,
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'minGuests',
          type: 'number',
          defaultValue: 1,
          required: true,
          validate: wholeNumberInRange(1, 1000, 'The fewest guests'),
        },
        {
          name: 'maxGuests',
          type: 'number',
          defaultValue: 1,
          required: true,
          validate: wholeNumberInRange(1, 1000, 'The most guests'),
        },
      ],
    },
    {
      name: 'features',
      type: 'array',
      admin: { description: 'What the package includes, one item per row.' },
      fields: [{ name: 'feature', type: 'text', maxLength: 200, required: true }],
      maxRows: 50,
    },
    { name: 'popular', type: 'checkbox', admin: { position: 'sidebar' }, defaultValue: false },
    { name: 'sortOrder', type: 'number', admin: { position: 'sidebar' }, defaultValue: 0 },
    {
      name: 'published',
      type: 'checkbox',
      admin: { description: 'Offered on the site.', position: 'sidebar' },
      defaultValue: false,
      index: true,
    },
  ],
  hooks: {
    beforeDelete: [
      refuseDeleteWhileReferenced({
        collection: settings.slugs.appointments,
        field: 'service',
        label: 'appointments',
      }),
    ],
  },
})
