import type { Access } from 'payload'

import { hasRole } from './roles'

/** Admins see every user; anyone else only their own account. */
export const adminsOrSelf: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  return { id: { equals: req.user.id } }
}
