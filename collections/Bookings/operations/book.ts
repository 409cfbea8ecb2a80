import type { PayloadRequest, RequiredDataFromCollectionSlug } from 'payload'

import type { BookingDoc } from '../../../src/documents'
import { slugs } from '../../../src/slugs'
import type { DocId } from '../../../src/utilities/ids'
import { idempotencyWhere } from '../bookingRules'
import { claimLanes, enterClaimLane, laneBusy, movedOn } from '../claimLanes'
import { bookDirectly } from './bookDirectly'
import {
  BOOKING_REQUEST,
  BOOKING_REQUEST_KEYS,
  type BookingRequest,
  parseBookingRequest,
} from './bookingRequest'
import { directPath } from './directPath'
import { forgetEvent, nextTick, noteRefusal, refusalSeen } from './soldOutSeen'

export type Booked = { doc: BookingDoc; replay: boolean }

const uniqueViolation = (error: unknown, index: RegExp): boolean => {
  for (let current = error, hops = 0; current && hops < 5; hops++) {
    const { cause, code, constraint, message } = current as {
      cause?: unknown
      code?: unknown
      constraint?: unknown
      message?: unknown
    }
    if (code === '23505' && index.test(`${String(constraint)} ${String(message)}`)) return true
    current = cause
  }
  return false
}
const isReferenceCollision = (error: unknown) => uniqueViolation(error, /reference/)
const isRepeatedKey = (error: unknown) => uniqueViolation(error, /idempotency/i)

/** The booking already made with this request's idempotency key, as the caller may read it. */
const madeBefore = async (req: PayloadRequest, request: BookingRequest, depth: number) => {
  if (!request.idempotencyKey || !req.user) return undefined
  const { docs } = await req.payload.find({
    collection: slugs.bookings,
    depth,
    limit: 1,
    overrideAccess: false,
    pagination: false,
    req,
    user: req.user,
    where: idempotencyWhere(request.user, request.idempotencyKey),
  })
  return docs[0] as BookingDoc | undefined
}

const readBooking = (req: PayloadRequest, id: DocId, depth: number) =>
  req.payload.findByID({
    collection: slugs.bookings,
    depth,
    id,
    overrideAccess: false,
    req,
    user: req.user,
  }) as Promise<BookingDoc>

/**
 * THE booking operation: every way to book (REST, GraphQL, the admin, the bookings fast route)
 * comes here. One parser, then one event lane, then either the one-statement path (bookDirectly)
 * or Payload's create (whose claim hook runs the same claim), whichever the bookings collection
 * allows; the same prices, rules and messages either way. A retry with the same idempotency key
 * answers the booking already made (also when two retries race). Waiting bookings of one event
 * hold no database connection: at most `bookings.claimsPerEvent` claim at once per app server,
 * the rest wait in memory (a held event row must not take the whole pool). Waiters are answered
 * "sold out" without a claim of their own once a claim that started after they arrived saw it
 * (./soldOutSeen.ts).
 */
export const book = async (
  req: PayloadRequest,
  data: unknown,
  { depth = 0 }: { depth?: number } = {},
): Promise<Booked> => {
  const request = parseBookingRequest(data, req)
  const earlier = await madeBefore(req, request, depth)
  if (earlier) return { doc: earlier, replay: true }

  const event = String(request.event)
  const seats = request.lines.reduce((sum, { quantity }) => sum + quantity, 0)
  const lanes = claimLanes(req, 'bookingClaims')
  const arrived = nextTick()
  const release = await enterClaimLane(req, lanes, event)
  if (!release) throw refusalSeen(event, arrived, seats) ?? laneBusy('event')
  const since = nextTick()
  // A claim that ended in a server-side failure (a lock timeout) is no progress for the waiters.
  let moved = true
  try {
    const seen = refusalSeen(event, arrived, seats)
    if (seen) throw seen
    const extra = Object.keys(data as object).some((key) => !BOOKING_REQUEST_KEYS.has(key))
    const direct = !extra && directPath(req.payload)
    // A reference is 40 random bits: the rare collision is simply made again.
    for (let attempt = 1; ; attempt++) {
      try {
        if (direct) {
          const doc = await bookDirectly(req, request, direct)
          return { doc: depth > 0 ? await readBooking(req, doc.id, depth) : doc, replay: false }
        }
        const doc = await req.payload.create({
          collection: slugs.bookings,
          context: { [BOOKING_REQUEST]: request },
          data: data as RequiredDataFromCollectionSlug<typeof slugs.bookings>,
          depth,
          overrideAccess: false,
          req,
          user: req.user,
        })
        return { doc: doc as unknown as BookingDoc, replay: false }
      } catch (error) {
        if (isReferenceCollision(error) && attempt < 3) continue
        noteRefusal(event, since, error)
        throw error
      }
    }
  } catch (error) {
    // Two retries raced: the loser's statement undid itself; answer with the winner's booking.
    const made = isRepeatedKey(error) ? await madeBefore(req, request, depth) : undefined
    if (made) return { doc: made, replay: true }
    moved = movedOn(error)
    throw error
  } finally {
    release(moved)
    if (!lanes.busy(event)) forgetEvent(event)
  }
}
