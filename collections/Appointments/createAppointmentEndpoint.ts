import { type Endpoint, type PayloadRequest, type RequiredDataFromCollectionSlug } from 'payload'

import { slugs } from '../../src/slugs'
import { claimLanes, enterClaimLane, laneBusy, movedOn } from '../Bookings/claimLanes'
import { assertValidInput } from '../../src/utilities/inspectInput'
import { intParam } from '../../src/utilities/intParam'
import { PublicError } from '../../src/utilities/publicError'
import { readJson } from '../../src/utilities/readJsonBody'
import { isRecord } from '../../src/utilities/sqlValues'

/** The caller's appointment made earlier with the same `idempotencyKey`, if any. */
const madeBefore = async (req: PayloadRequest, key: unknown, depth: number) => {
  if (typeof key !== 'string' || key === '' || !req.user) return undefined
  const { docs } = await req.payload.find({
    collection: slugs.appointments,
    depth,
    limit: 1,
    overrideAccess: true,
    req,
    where: { and: [{ customer: { equals: req.user.id } }, { idempotencyKey: { equals: key } }] },
  })
  return docs[0]
}

export type MadeAppointment = { doc: unknown; replay: boolean }

/**
 * Creates an appointment with the caller's access, in a lane per venue (or resource, or service):
 * at most `bookings.claimsPerEvent` of them hold a connection and resource locks at once on this
 * server, the rest wait without one, so a rush on one venue cannot take the whole pool. A lane
 * stalled for the lock timeout (a resource row held elsewhere) answers 503. A request repeated with
 * the same `idempotencyKey` (a double click, a retry after a lost answer) answers the appointment
 * the first one made (`replay`); two at once are told apart by the unique (customer, key) index.
 */
export const createAppointment = async (
  req: PayloadRequest,
  data: unknown,
  depth = 1,
): Promise<MadeAppointment> => {
  if (!isRecord(data)) throw new PublicError('The body must be a JSON object.', 400)
  const earlier = await madeBefore(req, data.idempotencyKey, depth)
  if (earlier) return { doc: earlier, replay: true }
  const key = String(data.venue ?? data.resource ?? data.service ?? '')
  const release = await enterClaimLane(req, claimLanes(req, 'appointmentClaims'), key)
  if (!release) throw laneBusy('venue')
  let moved = true
  try {
    const doc = await req.payload.create({
      collection: slugs.appointments,
      data: data as RequiredDataFromCollectionSlug<typeof slugs.appointments>,
      depth,
      overrideAccess: false,
      req,
      user: req.user,
    })
    return { doc, replay: false }
  } catch (error) {
    // The same key raced in at the same moment: the other request's appointment is the answer.
    const made = await madeBefore(req, data.idempotencyKey, depth)
    if (made) return { doc: made, replay: true }
    moved = movedOn(error)
    throw error
  } finally {
    release(moved)
  }
}

/** POST /api/appointments, replacing Payload's default create with `createAppointment`. */
export const createAppointmentEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) throw new PublicError('Log in to book.', 401, { field: 'user' })
    await readJson(req)
    assertValidInput(req.data, req.payload)
    const { doc, replay } = await createAppointment(
      req,
      req.data,
      intParam(req.query.depth, 1, 0, 2),
    )
    return replay
      ? Response.json(
          { doc, message: 'This appointment was already made with the same idempotencyKey.' },
          { status: 200 },
        )
      : Response.json({ doc, message: 'Appointment successfully created.' }, { status: 201 })
  },
  method: 'post',
  path: '/',
}
