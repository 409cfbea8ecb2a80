import type { Access, Where } from 'payload'

import { hasRole } from './roles'

/** What anyone may see: the ticket types of published events that are not hidden. */
const publicTypes: Where = {
  and: [{ 'event.status': { equals: 'published' } }, { hidden: { not_equals: true } }],
}

/**
 * Ticket types: anyone reads the public ones (hidden types are sold with their access code, the
 * "direct link"); organizers also every type of their own events; admins all.
 */
export const readTicketTypes: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (req.user && hasRole(req, 'organizer')) {
    return { or: [publicTypes, { 'event.organizer': { equals: req.user.id } }] }
  }
  return publicTypes
}

/** Admins manage every ticket type; organizers those of their own events. */
export const manageOwnTicketTypes: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (req.user && hasRole(req, 'organizer')) return { 'event.organizer': { equals: req.user.id } }
  return false
}
