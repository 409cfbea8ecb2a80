import type { Payload } from 'payload'

import type { Page } from '../../../../payload-types'
import { canEditPages } from 'payload-events-cms/access'
import { slugs } from 'payload-events-cms'
import { currentUser } from './session'

/**
 * Live preview reads the latest draft, never cached, and only for a logged-in page editor (the
 * admin's cookie travels with the preview iframe); anyone else gets the published page.
 */
export const getDraftPageForEditor = async (
  payload: Payload,
  slug: string,
): Promise<null | Page | undefined> => {
  const user = await currentUser()
  if (!canEditPages({ payload, user })) return undefined
  const { docs } = await payload.find({
    collection: slugs.pages,
    depth: 2,
    draft: true,
    limit: 1,
    overrideAccess: false,
    pagination: false,
    user,
    where: { slug: { equals: slug } },
  })
  return docs[0] ?? null
}
