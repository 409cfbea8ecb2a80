import type { Access } from 'payload'

import { hasRole } from './roles'

/** People read their own entries; organizers those of their events; admins all. */
export const readWaitingList: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  const own = { user: { equals: req.user.id } }
  if (hasRole(req, 'organizer')) {
    return { or: [own, { 'event.organizer': { equals: req.user.id } }] }
  }
  return own
}

/**
 * People change their own entries (only to leave the list: the hook allows no more); organizers
 * those of their events (priority, removal); admins all.
 */
export const updateWaitingList: Access = readWaitingList
