import type { Access, FieldAccess } from 'payload'

import { hasRole } from './roles'

export const adminsOnly: Access = ({ req }) => hasRole(req, 'admin')

export const adminsOnlyField: FieldAccess = ({ req }) => hasRole(req, 'admin')
