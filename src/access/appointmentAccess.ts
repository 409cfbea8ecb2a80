import type { Access, PayloadRequest, Where } from 'payload'

import { settingsOf } from '../settings'
import type { DocId } from '../utilities/ids'

import { hasRole } from './roles'

/** The venues an organizer runs: those that list them among their managers. */
const managedVenue = (userId: number | string, path = 'venue'): Where => ({
  [`${path}.managers`]: { equals: userId },
})

/**
 * Resources, closures and time off: anyone reads them (the free-slot search is public); admins
 * change all, organizers those of the venues they manage (creating is checked by
 * `refuseUnmanagedVenue`, since a create has no document to match yet).
 */
export const manageVenueSchedule: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user || !hasRole(req, 'organizer')) return false
  return managedVenue(req.user.id)
}

/** Customers read their own appointments, organizers also their venues', admins all. */
export const readAppointments: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!req.user) return false
  const own: Where = { customer: { equals: req.user.id } }
  return hasRole(req, 'organizer') ? { or: [own, managedVenue(req.user.id)] } : own
}

/** Services as the site lists them: published ones; staff see all. */
export const readServices: Access = ({ req }) =>
  hasRole(req, 'admin', 'organizer') || { published: { equals: true } }

/**
 * Whether the signed-in account runs `venue`: admins run every venue, organizers those that list
 * them as managers (the one check behind the access rules' `where`, for a single venue).
 */
export const runsVenue = async (
  req: PayloadRequest,
  venue: DocId | undefined,
): Promise<boolean> => {
  if (hasRole(req, 'admin')) return true
  if (!hasRole(req, 'organizer') || venue === undefined || !req.user) return false
  const { totalDocs } = await req.payload.count({
    collection: settingsOf(req.payload).slugs.venues,
    overrideAccess: true,
    req,
    where: { and: [{ id: { equals: venue } }, { managers: { equals: req.user.id } }] },
  })
  return totalDocs > 0
}
