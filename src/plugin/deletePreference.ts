import type { PayloadHandler, Where } from 'payload'

import { PublicError } from '../utilities/publicError'

/**
 * `DELETE /api/payload-preferences/:key` in place of Payload's, whose single-row delete builds SQL
 * that PostgreSQL refuses ("missing FROM-clause entry", a 500 for every call, Payload 3.90):
 * find the signed-in account's preference by key, then delete that row by id.
 */
export const deletePreference: PayloadHandler = async (req) => {
  const { user } = req
  if (!user) throw new PublicError('Log in to change your preferences.', 401)
  const key = req.routeParams?.key
  const where: Where = {
    and: [
      { key: { equals: typeof key === 'string' ? key : '' } },
      { 'user.value': { equals: user.id } },
      { 'user.relationTo': { equals: user.collection } },
    ],
  }
  const found = await req.payload.db.findOne<{ id: number | string }>({
    collection: 'payload-preferences',
    req,
    where,
  })
  if (!found) throw new PublicError('No preference with that key.', 404)
  const doc = await req.payload.db.deleteOne({
    collection: 'payload-preferences',
    req,
    where: { id: { equals: found.id } },
  })
  return Response.json({ ...doc, message: req.t('general:deletedSuccessfully') })
}
