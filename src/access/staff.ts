import type { Access } from 'payload'

import { hasRole } from './roles'

/** Organizers and admins: the people who run events. */
export const staff: Access = ({ req }) => hasRole(req, 'admin', 'organizer')
