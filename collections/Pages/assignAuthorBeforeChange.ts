import type { CollectionBeforeChangeHook } from 'payload'

/** The author defaults to whoever creates the page. */
export const assignAuthorBeforeChange: CollectionBeforeChangeHook = ({ data, operation, req }) =>
  operation === 'create' && !data.author && req.user?.collection === 'users'
    ? { ...data, author: req.user.id }
    : data
