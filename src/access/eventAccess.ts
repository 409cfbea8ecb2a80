import type { Access, FieldAccess } from 'payload'

import { idOf } from '../utilities/ids'
import { hasRole } from './roles'

/** Anyone reads published events; organizers also their own drafts; admins everything. */
export const readEvents: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  const published = { status: { equals: 'published' } }
  if (req.user && hasRole(req, 'organizer')) {
    return { or: [published, { organizer: { equals: req.user.id } }] }
  }
  return published
}

/** Admins change every event; organizers only their own. */
export const manageOwnEvents: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (req.user && hasRole(req, 'organizer')) return { organizer: { equals: req.user.id } }
  return false
}

/** Who runs an event's door is the organizer's business: admins and the event's organizer read it. */
export const eventOrganizerField: FieldAccess = ({ doc, req }) =>
  hasRole(req, 'admin') ||
  (Boolean(req.user) &&
    hasRole(req, 'organizer') &&
    String(idOf((doc as { organizer?: unknown } | undefined)?.organizer)) === String(req.user?.id))
