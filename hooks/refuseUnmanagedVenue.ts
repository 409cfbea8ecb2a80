import type { CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../src/access/roles'
import { settingsOf } from '../src/settings'
import { idOf, sameId } from '../src/utilities/ids'
import { PublicError } from '../src/utilities/publicError'

/**
 * Organizers add resources, closures and time off only at venues that list them as managers
 * (update and delete are limited by the access rule; a create has no document to match). Admins
 * and the server (Local API without a user) may use any venue.
 */
export const refuseUnmanagedVenue: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  req,
}) => {
  if (!req.user || hasRole(req, 'admin')) return data
  const venueId = idOf(data.venue ?? originalDoc?.venue)
  if (venueId === undefined) return data
  const venue = await req.payload.findByID({
    collection: settingsOf(req.payload).slugs.venues,
    depth: 0,
    disableErrors: true,
    id: venueId,
    overrideAccess: true,
    req,
    select: { managers: true },
  })
  const managers = (venue as { managers?: unknown[] } | null)?.managers ?? []
  if (!managers.some((manager) => sameId(manager, req.user?.id))) {
    throw new PublicError(
      'You do not manage this venue: ask an admin to add you to its managers.',
      403,
    )
  }
  return data
}
