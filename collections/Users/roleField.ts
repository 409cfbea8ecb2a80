import type { Field, SelectField } from 'payload'

import { adminsOnlyField } from '../../src/access/adminsOnly'
import { roles } from '../../src/access/roles'

/** Every account's role: `user` (customers), `organizer`, `admin`. Only admins change it. */
export const roleField = (): SelectField => ({
  name: 'role',
  type: 'select',
  access: { create: adminsOnlyField, update: adminsOnlyField },
  defaultValue: 'user',
  index: true,
  options: roles.map((role) => ({ label: role[0]?.toUpperCase() + role.slice(1), value: role })),
  required: true,
  saveToJWT: true,
})

/** An app's own `role` field the plugin can use as is: a select offering at least its roles. */
export const isCompatibleRoleField = (field: Field): boolean => {
  if (!('name' in field) || field.name !== 'role') return false
  if (field.type !== 'select' || field.hasMany) return false
  const values = field.options.map((option) => (typeof option === 'string' ? option : option.value))
  return roles.every((role) => values.includes(role))
}
