import type { Field } from 'payload'

import { adminsOnlyField } from '../../src/access/adminsOnly'

/**
 * Payload's own address-verification fields, always on the plugin's accounts collection, so
 * `mail.verifyEmail` can be switched on or off without a schema change (with it on, Payload merges
 * its own definitions into these by name). Unlike Payload's defaults, only admins may set
 * `_verified`: a signed-in customer cannot create a "verified" account for someone else's address.
 */
export const verificationFields: Field[] = [
  {
    name: '_verified',
    type: 'checkbox',
    access: { create: adminsOnlyField, update: adminsOnlyField },
    admin: { position: 'sidebar' },
    label: 'Verified',
  },
  {
    name: '_verificationToken',
    type: 'text',
    access: { create: () => false, update: () => false },
    hidden: true,
  },
]
