import type { CollectionBeforeChangeHook } from 'payload'

import type { Event } from '../../payload-types'

/**
 * The organizer is whoever creates the event. Only admins may name someone else (the field's
 * access strips the value for anybody else before this runs).
 */
export const assignOrganizerBeforeChange: CollectionBeforeChangeHook<Event> = ({
  data,
  operation,
  req,
}) => {
  if (operation === 'create' && !data.organizer && req.user?.collection === 'users') {
    return { ...data, organizer: req.user.id }
  }
  return data
}
