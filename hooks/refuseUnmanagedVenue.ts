import type { CollectionBeforeChangeHook } from 'payload'

import { runsVenue } from '../src/access/appointmentAccess'
import { idOf } from '../src/utilities/ids'
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
  if (!req.user) return data
  const venueId = idOf(data.venue ?? originalDoc?.venue)
  if (venueId === undefined || (await runsVenue(req, venueId))) return data
  throw new PublicError(
    'You do not manage this venue: ask an admin to add you to its managers.',
    403,
  )
}
