import type { CollectionBeforeChangeHook } from 'payload'

import { isPluginUser } from '../../src/access/roles'
import type { EventDoc } from '../../src/documents'

/**
 * The organizer is whoever creates the event. Only admins may name someone else (the field's
 * access strips the value for anybody else before this runs).
 */
export const assignOrganizerBeforeChange: CollectionBeforeChangeHook<EventDoc> = ({
  data,
  operation,
  req,
}) => {
  if (operation === 'create' && !data.organizer && req.user && isPluginUser(req)) {
    return { ...data, organizer: req.user.id }
  }
  return data
}
