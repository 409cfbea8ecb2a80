import type { Access } from 'payload'

import { hasRole } from './roles'

/** Tickets: their booker reads them; organizers also the tickets of their own events; admins all. */
export const readTickets: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  const own = { 'booking.user': { equals: req.user.id } }
  if (hasRole(req, 'organizer'))
    return { or: [own, { 'event.organizer': { equals: req.user.id } }] }
  return own
}

/** The booker names the attendees of their own tickets; admins any (field access limits the rest). */
export const updateTickets: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  return { 'booking.user': { equals: req.user.id } }
}

/** Check-ins: admins read all; organizers those of their own events; door staff their own scans. */
export const readCheckIns: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  const own = { scannedBy: { equals: req.user.id } }
  if (hasRole(req, 'organizer'))
    return { or: [own, { 'event.organizer': { equals: req.user.id } }] }
  return own
}
