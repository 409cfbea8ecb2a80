import type { CollectionConfig } from 'payload'

import { adminsOnly, adminsOnlyField } from '../../src/access/adminsOnly'
import { adminsOrSelf } from '../../src/access/adminsOrSelf'
import { anyone } from '../../src/access/anyone'
import { hasRole, roles } from '../../src/access/roles'
import { slugs } from '../../src/slugs'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'
import { assignFirstUserAdmin } from './assignFirstUserAdmin'

export const createUsersCollection = (): CollectionConfig<'users'> => ({
  slug: slugs.users,
  access: {
    // Staff use the admin panel; customers use the site and the API.
    admin: ({ req }) => hasRole(req.user, 'admin', 'organizer'),
    create: anyone,
    delete: adminsOnly,
    read: adminsOrSelf,
    update: adminsOrSelf,
  },
  admin: {
    defaultColumns: ['email', 'name', 'role', 'createdAt'],
    useAsTitle: 'email',
  },
  auth: {
    maxLoginAttempts: 10,
    lockTime: 10 * 60 * 1000,
  },
  fields: [
    { name: 'name', type: 'text', maxLength: 120 },
    { name: 'phone', type: 'text', maxLength: 40 },
    {
      name: 'role',
      type: 'select',
      access: { create: adminsOnlyField, update: adminsOnlyField },
      defaultValue: 'user',
      index: true,
      options: roles.map((role) => ({
        label: role[0]?.toUpperCase() + role.slice(1),
        value: role,
      })),
      required: true,
      saveToJWT: true,
    },
  ],
  hooks: {
    beforeChange: [assignFirstUserAdmin],
    // Bookings are financial records: a user who has any cannot be deleted (the FK restricts too).
    beforeDelete: [
      refuseDeleteWhileReferenced({ collection: slugs.bookings, field: 'user', label: 'bookings' }),
    ],
  },
})
