import type { Access } from 'payload'

import { hasRole } from './roles'

/** Users read their own bookings; organizers also those for their events; admins all. */
export const readBookings: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  const own = { user: { equals: req.user.id } }
  if (hasRole(req, 'organizer')) {
    return { or: [own, { 'event.organizer': { equals: req.user.id } }] }
  }
  return own
}

/** Admins update any booking; owners their own (and the status hook lets them only cancel). */
export const updateBookings: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  return { user: { equals: req.user.id } }
}
