import type { Access, FieldAccess, PayloadRequest, Where } from 'payload'

import { hasRole } from './roles'

/** Who writes pages: admins. Add roles here to widen it; every page rule reads this one check. */
export const canEditPages = (req: Pick<PayloadRequest, 'payload' | 'user'>): boolean =>
  hasRole(req, 'admin')

export const pageEditors: Access = ({ req }) => canEditPages(req)

export const pageEditorsField: FieldAccess = ({ req }) => canEditPages(req)

/** What the public may read: published pages that are not archived. */
export const publicPagesWhere: Where = {
  and: [{ _status: { equals: 'published' } }, { archived: { not_equals: true } }],
}

/** Page editors read everything (drafts, archived, versions); everyone else the public pages. */
export const readPages: Access = ({ req }) => canEditPages(req) || publicPagesWhere
