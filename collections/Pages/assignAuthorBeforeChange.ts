import type { CollectionBeforeChangeHook } from 'payload'

import { isPluginUser } from '../../src/access/roles'

/** The author defaults to whoever creates the page. */
export const assignAuthorBeforeChange: CollectionBeforeChangeHook = ({ data, operation, req }) =>
  operation === 'create' && !data.author && req.user && isPluginUser(req)
    ? { ...data, author: req.user.id }
    : data
