import { sql } from '@payloadcms/db-postgres'
import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { runsVenue } from '../../src/access/appointmentAccess'
import type { AppointmentDoc, AppointmentStatus, ServiceDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { multiplyDecimal } from '../../src/utilities/decimal'
import { type DocId, idOf, sameId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'
import { readableCode } from '../../src/utilities/readableCode'
import { transactionDb } from '../../src/utilities/transactionDb'
import { appointmentTransition, takesTime } from './appointmentRules'
import { expireAppointmentHolds } from './expireAppointmentHolds'
import { type FreeSlotRow, freeSlotsSql } from './freeSlotsSql'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

type Db = Awaited<ReturnType<typeof transactionDb>>

const parseStart = (value: unknown): Date => {
  const start = typeof value === 'string' || value instanceof Date ? new Date(value) : undefined
  if (!start || Number.isNaN(start.getTime())) {
    throw new PublicError('"start" must be a date and time (ISO 8601).', 400, { field: 'start' })
  }
  if (start.getTime() % MINUTE !== 0) {
    throw new PublicError('"start" must be on a whole minute.', 400, { field: 'start' })
  }
  return start
}

/** The resources (in their order) on which `service` fits at `start`: one statement. */
const fittingResources = async (
  db: Db,
  req: PayloadRequest,
  args: { exclude?: DocId; resource?: DocId; service: DocId; start: Date; venue?: DocId },
): Promise<string[]> => {
  const { appointments, idType } = settingsOf(req.payload)
  const day = (offset: number) => new Date(args.start.getTime() + offset).toISOString().slice(0, 10)
  const { rows } = await db.execute<FreeSlotRow>(
    freeSlotsSql(
      {
        ...args,
        from: day(-DAY),
        gridMinutes: appointments.gridMinutes,
        start: args.start.toISOString(),
        to: day(DAY),
      },
      idType,
    ),
  )
  // One row per venue with a free resource at that start.
  return rows.flatMap(({ resources }) => resources ?? [])
}

/**
 * Takes the first of `candidates` that is still free once its row is locked. The lock makes the
 * check and the write one step for that resource: another request for it waits for this one to
 * commit and then sees its appointment. A first pass skips resources another request holds right
 * now (a rush spreads over the free ones instead of queueing on the first); if none is left, a
 * second pass waits for the others in turn. Holds of the resource that lapsed and overlap the time are expired here,
 * so they never block; the exclusion constraint stays the last word.
 */
const claimResource = async (
  db: Db,
  req: PayloadRequest,
  candidates: string[],
  args: { blocked: [Date, Date]; exclude?: DocId; service: DocId; start: Date },
): Promise<{ resource: string; venue: string } | undefined> => {
  const tried = new Set<string>()
  for (const wait of [false, true]) {
    for (const candidate of candidates) {
      if (tried.has(candidate)) continue
      // A resource that turns out taken is let go at once (its lock goes with the savepoint):
      // a request holds at most the one lock it checks, so no two wait on each other.
      await db.execute(sql`SAVEPOINT events_cms_claim_resource`)
      const { rows } = await db.execute<{ venue: string }>(
        wait
          ? sql`SELECT venue_id::text AS venue FROM resources WHERE id = ${candidate} FOR UPDATE`
          : sql`SELECT venue_id::text AS venue FROM resources WHERE id = ${candidate}
                FOR UPDATE SKIP LOCKED`,
      )
      const venue = rows[0]?.venue
      const fits =
        venue !== undefined &&
        (await fittingResources(db, req, { ...args, resource: candidate })).length > 0
      if (venue !== undefined) tried.add(candidate)
      if (!fits || venue === undefined) {
        await db.execute(sql`ROLLBACK TO SAVEPOINT events_cms_claim_resource`)
        continue
      }
      await db.execute(sql`RELEASE SAVEPOINT events_cms_claim_resource`)
      await expireAppointmentHolds(req, { range: args.blocked, resource: candidate })
      return { resource: candidate, venue }
    }
  }
  return undefined
}

const loadService = async (req: PayloadRequest, id: DocId | undefined): Promise<ServiceDoc> => {
  const service =
    id === undefined
      ? null
      : ((await req.payload.findByID({
          collection: slugs.services,
          depth: 0,
          disableErrors: true,
          id,
          overrideAccess: true,
          req,
        })) as null | ServiceDoc)
  if (!service) throw new PublicError('"service": no such service.', 400, { field: 'service' })
  return service
}

const notFreeMessage = (service: ServiceDoc, start: Date, resourceNamed: boolean) =>
  resourceNamed
    ? `The resource is not free for "${service.name}" at ${start.toISOString()}: outside the opening hours, closed, or taken.`
    : `No resource is free for "${service.name}" at ${start.toISOString()}: outside the opening hours, closed, or taken.`

/**
 * Creating or moving an appointment: the service, the guests and the time are checked; a resource
 * is found (the one asked for, or the first free one that can do the service) and locked; the end
 * and the taken range (with the buffers) are set; on create the price is snapshot and a reference
 * given. Status changes follow appointmentTransition. A conflict is a 409 naming the time.
 */
export const scheduleAppointmentBeforeChange: CollectionBeforeChangeHook<AppointmentDoc> =
  builtByPlugin(async ({ data, operation, originalDoc, req }) => {
    const before = operation === 'update' ? originalDoc : undefined
    const settings = settingsOf(req.payload)
    const requestedVenue = idOf(data.venue ?? before?.venue)
    const requestedResource = idOf(data.resource ?? before?.resource)
    let venueForRights = requestedVenue
    if (venueForRights === undefined && requestedResource !== undefined) {
      const resource = await req.payload.findByID({
        collection: slugs.resources,
        depth: 0,
        disableErrors: true,
        id: requestedResource,
        overrideAccess: true,
        req,
        select: { venue: true },
      })
      if (!resource)
        throw new PublicError('"resource": no such resource.', 400, { field: 'resource' })
      venueForRights = idOf(resource.venue)
    }
    // The Local API without a user is the server itself.
    const staffHere = !req.user || (await runsVenue(req, venueForRights))

    const from = (before?.status ?? undefined) as AppointmentStatus | undefined
    let to = (data.status ?? from) as AppointmentStatus | undefined
    if (before && from && to && to !== from) {
      const rule = appointmentTransition(from, to)
      if (!rule || (rule === 'staff' && !staffHere)) {
        throw new PublicError(
          `A ${from} appointment cannot become ${to}${rule ? ' by you' : ''}.`,
          rule ? 403 : 409,
          { from, to },
        )
      }
      if (rule === 'customer' && !staffHere && Date.parse(before.start) <= Date.now()) {
        throw new PublicError('The appointment has started: ask the venue to change it.', 409)
      }
    }
    if (!before && data.status !== undefined && data.status !== null && !staffHere) {
      throw new PublicError('"status" is set by the venue.', 403, { field: 'status' })
    }
    if (!before && data.status && data.status !== 'pending' && data.status !== 'confirmed') {
      throw new PublicError('A new appointment is pending or confirmed.', 400, { field: 'status' })
    }

    const start = parseStart(data.start ?? before?.start)
    const moved =
      !before ||
      start.getTime() !== Date.parse(before.start) ||
      !sameId(requestedResource, before.resource) ||
      !sameId(requestedVenue, before.venue) ||
      (from !== undefined && !takesTime(from) && to !== undefined && takesTime(to))
    if (before && from && !takesTime(from) && moved && to === from) {
      throw new PublicError(`A ${from} appointment cannot be moved; book again instead.`, 409)
    }
    if (before && moved && !staffHere && Date.parse(before.start) <= Date.now()) {
      throw new PublicError('The appointment has started: ask the venue to move it.', 409)
    }
    if (!moved) return data
    if (to !== undefined && !takesTime(to)) {
      // Ended: it keeps the time it had (its taken range and the CHECKs stay consistent).
      return before
        ? { ...data, resource: before.resource, start: before.start, venue: before.venue }
        : data
    }

    const service = await loadService(req, idOf(data.service ?? before?.service))
    if (!service.published && !staffHere) {
      throw new PublicError('"service": no such service.', 400, { field: 'service' })
    }
    const guests = data.guests ?? before?.guests ?? 1
    if (!Number.isInteger(guests) || guests < service.minGuests || guests > service.maxGuests) {
      throw new PublicError(
        `"guests" must be a whole number from ${service.minGuests} to ${service.maxGuests} for "${service.name}".`,
        400,
        { field: 'guests' },
      )
    }
    if (start.getTime() <= Date.now() && !staffHere) {
      throw new PublicError('"start" is in the past.', 400, { field: 'start' })
    }
    const end = new Date(start.getTime() + service.durationMinutes * MINUTE)
    const blocked: [Date, Date] = [
      new Date(start.getTime() - service.bufferBeforeMinutes * MINUTE),
      new Date(end.getTime() + service.bufferAfterMinutes * MINUTE),
    ]

    const db = await transactionDb(req)
    const exclude = before?.id
    // Moved without naming another resource (an update's data carries its own): its own first,
    // else any free one at its venue.
    const named =
      before && sameId(requestedResource, before.resource) ? undefined : requestedResource
    const fitting = await fittingResources(db, req, {
      exclude,
      resource: named,
      service: service.id,
      start,
      venue: requestedVenue,
    })
    const own = before && named === undefined ? String(idOf(before.resource)) : undefined
    const candidates =
      own && fitting.includes(own) ? [own, ...fitting.filter((id) => id !== own)] : fitting
    const claimed = await claimResource(db, req, candidates, {
      blocked,
      exclude,
      service: service.id,
      start,
    })
    if (!claimed) {
      throw new PublicError(notFreeMessage(service, start, named !== undefined), 409, {
        start: start.toISOString(),
      })
    }

    const scheduled: Partial<AppointmentDoc> = {
      ...data,
      blockedFrom: blocked[0].toISOString(),
      blockedUntil: blocked[1].toISOString(),
      end: end.toISOString(),
      resource: claimed.resource,
      start: start.toISOString(),
      venue: claimed.venue,
    }
    if (before) return { ...scheduled, status: to }

    const paid = service.price > 0
    to = (staffHere && data.status) || (paid ? 'pending' : 'confirmed')
    return {
      ...scheduled,
      currency: service.currency,
      customer: staffHere && data.customer ? data.customer : req.user?.id,
      expiresAt:
        to === 'pending'
          ? new Date(Date.now() + settings.appointments.holdMinutes * MINUTE).toISOString()
          : null,
      guests,
      reference: readableCode(8),
      status: to,
      totalPrice:
        service.pricing === 'per_guest'
          ? Number(multiplyDecimal(String(service.price), guests))
          : service.price,
      unitPrice: service.price,
    }
  })
