import {
  addDataAndFileToRequest,
  type Endpoint,
  type PayloadRequest,
  type RequiredDataFromCollectionSlug,
} from 'payload'

import type { BookingDoc } from '../../src/documents'
import { slugs } from '../../src/slugs'
import { intParam } from '../../src/utilities/intParam'
import { PublicError } from '../../src/utilities/publicError'
import { assertValidInput } from '../../hooks/guardInput'
import { type BookingOptions, idempotencyWhere } from './bookingRules'
import { FAST_ROUTE, fastCreateBooking } from './fastCreateBooking'

const findByIdempotencyKey = async (req: PayloadRequest, key: string, depth: number) => {
  if (!req.user) return undefined
  const { docs } = await req.payload.find({
    collection: slugs.bookings,
    depth,
    limit: 1,
    overrideAccess: false,
    pagination: false,
    req,
    user: req.user,
    where: idempotencyWhere(req.user.id, key),
  })
  return docs[0]
}

/**
 * POST /api/bookings, replacing Payload's default create to make retries safe: the same
 * `idempotencyKey` from the same user returns the booking already made (200) instead of booking
 * again, also when two retries race (the loser's transaction rolls back its seats, then it answers
 * with the winner's booking). A plain booking takes the one-statement fast path
 * (fastCreateBooking); everything else is the normal create, with the caller's access.
 */
export const createBookingEndpoint = (options: BookingOptions): Endpoint => ({
  custom: { [FAST_ROUTE]: true },
  handler: async (req) => {
    if (!req.user) throw new PublicError('Log in to book.', 401, { field: 'user' })
    await addDataAndFileToRequest(req).catch(() => {
      throw new PublicError('The request body is not valid JSON.', 400, { field: 'body' })
    })
    if (!req.data || typeof req.data !== 'object' || Array.isArray(req.data)) {
      throw new PublicError('Send a JSON object such as {"event": "<id>", "seats": 2}.', 400, {
        field: 'body',
      })
    }
    // The fast path skips Payload's hooks: the same 400 as every other write.
    assertValidInput(req.data, req.payload)
    const data = req.data as Partial<BookingDoc>
    // An empty key means none: stored, two bookings sent with "" would collide as duplicates.
    if (data.idempotencyKey === '') delete data.idempotencyKey
    const depth = intParam(req.query.depth, 1, 0, 2)
    const key = typeof data.idempotencyKey === 'string' ? data.idempotencyKey : undefined

    const replay = (doc: object) =>
      Response.json(
        { doc, message: 'This booking was already made with the same idempotencyKey.' },
        { status: 200 },
      )

    try {
      const fast = await fastCreateBooking(req, data, options)
      if (fast) {
        const doc =
          depth === 0
            ? fast
            : await req.payload.findByID({
                collection: slugs.bookings,
                depth,
                id: fast.id,
                overrideAccess: false,
                req,
                user: req.user,
              })
        return Response.json({ doc, message: 'Booking successfully created.' }, { status: 201 })
      }
      const doc = await req.payload.create({
        collection: slugs.bookings,
        data: data as unknown as RequiredDataFromCollectionSlug<typeof slugs.bookings>,
        depth,
        overrideAccess: false,
        req,
        user: req.user,
      })
      return Response.json({ doc, message: 'Booking successfully created.' }, { status: 201 })
    } catch (error) {
      // A repeat is refused by the create hook (409), a racing repeat by the unique index; either
      // way the booking already made with this key is the answer.
      const existing = key ? await findByIdempotencyKey(req, key, depth) : undefined
      if (existing) return replay(existing)
      throw error
    }
  },
  method: 'post',
  path: '/',
})
