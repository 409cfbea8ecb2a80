import { sql } from '@payloadcms/db-postgres'
import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../../src/access/roles'
import { lapsedHoldSql, publishedEventSql } from '../../src/db/conditions'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { idOf, parseId, sameId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'
import { transactionDb } from '../../src/utilities/transactionDb'
import { checkGuestRequest, guestAddress, mailGuestConfirmation } from './guestEntries'
import {
  entryTransitions,
  openWaitingListStatuses,
  type WaitingListEntry,
  type WaitingListStatus,
} from './waitingListRules'

type Seats = {
  event_free: number
  guests: boolean
  published: boolean
  started: boolean
  type_event: null | string
  type_free: null | number
}

/**
 * Joining: for oneself (admins may add someone), or as a guest with an address where the event
 * allows it (guestEntries.ts), for a published event that has not started and has fewer seats
 * left (of the type, if one is named) than asked for; once per person, event and type while the
 * entry is open (the partial unique index settles a race).
 */
export const joinBeforeChange: CollectionBeforeChangeHook<WaitingListEntry> = builtByPlugin(
  async ({ data, operation, req }) => {
    if (operation !== 'create') return data
    const { idType } = settingsOf(req.payload)
    const staff = hasRole(req, 'admin', 'organizer')
    const user = !req.user
      ? undefined
      : hasRole(req, 'admin') && data.user
        ? idOf(data.user)
        : req.user.id
    const event = parseId(idOf(data.event), idType)
    if (event === undefined)
      throw new PublicError('"event" must be an event id.', 400, { field: 'event' })
    const type = data.ticketType ? parseId(idOf(data.ticketType), idType) : undefined
    if (data.ticketType && type === undefined) {
      throw new PublicError('"ticketType" must be a ticket type id.', 400, { field: 'ticketType' })
    }
    const quantity = data.quantity ?? 1
    const db = await transactionDb(req)
    const { rows } = await db.execute<Seats>(sql`
      SELECT ${sql.raw(publishedEventSql('e'))} AS published, e.start_date <= now() AS started,
             e.waiting_list_guests AS guests,
             (e.capacity - e.seats_booked + coalesce((SELECT sum(b.seats) FROM bookings b
                WHERE b.event_id = e.id AND ${sql.raw(lapsedHoldSql('b'))}), 0))::int AS event_free,
             t.event_id::text AS type_event,
             CASE WHEN t.id IS NULL THEN NULL ELSE coalesce(t.capacity - t.seats_booked, 2147483647) END AS type_free
        FROM events e LEFT JOIN ticket_types t ON t.id = ${type ?? null}
       WHERE e.id = ${event}`)
    const seats = rows[0]
    if (!seats || (!seats.published && !staff)) {
      throw new PublicError(`Event ${event} does not exist.`, 404, { field: 'event' })
    }
    if (user === undefined && !seats.guests) {
      throw new PublicError('Sign in to join this waiting list (it takes no guests).', 401)
    }
    const address = user === undefined ? guestAddress(data.email) : undefined
    if (!seats.published || seats.started) {
      throw new PublicError('This event takes no bookings, so it has no waiting list.', 409, {
        field: 'event',
      })
    }
    if (type !== undefined && !sameId(seats.type_event, event)) {
      throw new PublicError(`Ticket type ${type} is not one of this event's.`, 400, {
        field: 'ticketType',
      })
    }
    const free = Math.min(seats.event_free, seats.type_free ?? Number.MAX_SAFE_INTEGER)
    if (free >= quantity) {
      throw new PublicError(
        `${free} seat${free === 1 ? ' is' : 's are'} still available: book ${free === 1 ? 'it' : 'them'} instead.`,
        409,
        { available: free },
      )
    }
    // Two joins of one person (or address) at once take turns: the second sees the first's entry.
    await db.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`waitlist-join:${address ?? `account:${String(user)}`}`}, 0))`,
    )
    const common = {
      ...data,
      event: String(event),
      offers: 0,
      ticketType: type === undefined ? null : String(type),
    }
    if (address !== undefined) {
      await checkGuestRequest(req, { address, event, type })
      return { ...common, email: address, priority: 0, status: 'unconfirmed', user: null }
    }
    const { docs } = await req.payload.find({
      collection: slugs.waitingList,
      depth: 0,
      limit: 1,
      pagination: false,
      req,
      where: {
        and: [
          { event: { equals: event } },
          type === undefined ? { ticketType: { exists: false } } : { ticketType: { equals: type } },
          { user: { equals: user } },
          { status: { in: [...openWaitingListStatuses] } },
        ],
      },
    })
    if (docs[0]) {
      throw new PublicError('You are already on this waiting list.', 409, { entry: docs[0].id })
    }
    return {
      ...common,
      email: null,
      priority: staff ? (data.priority ?? 0) : 0,
      status: 'waiting',
      user: String(user),
    }
  },
)

/** A guest's new request mails its confirmation link (in the join's transaction). */
export const mailGuestAfterChange: CollectionAfterChangeHook<WaitingListEntry> = builtByPlugin(
  async ({ doc, operation, req }) => {
    if (operation === 'create' && doc.status === 'unconfirmed' && doc.email) {
      const event = idOf(doc.event)
      if (event !== undefined)
        await mailGuestConfirmation(req, { email: doc.email, event, id: doc.id })
    }
    return doc
  },
)

/**
 * Changes by people and staff: the person leaves (`left`, while waiting), staff remove an entry
 * (`removed`, also an offered one: its hold is cancelled) or change its priority. Event, type,
 * person and quantity stay: leave and join again instead. Offers and their outcome are the
 * server's (offerSeatsTask.ts, waitingListEndpoints.ts).
 */
export const transitionBeforeChange: CollectionBeforeChangeHook<WaitingListEntry> = builtByPlugin(
  async ({ data, operation, originalDoc, req }) => {
    if (operation !== 'update' || !originalDoc) return data
    for (const field of ['event', 'ticketType', 'user'] as const) {
      if (data[field] !== undefined && !sameId(data[field], originalDoc[field])) {
        throw new PublicError(`"${field}" cannot change; leave the list and join again.`, 400, {
          field,
        })
      }
    }
    if (data.quantity !== undefined && data.quantity !== originalDoc.quantity) {
      throw new PublicError('"quantity" cannot change; leave the list and join again.', 400, {
        field: 'quantity',
      })
    }
    const from = originalDoc.status
    const to = (data.status ?? from) as WaitingListStatus
    if (to === from) return data
    const rule = entryTransitions[from]?.[to]
    if (!rule) throw new PublicError(`A ${from} entry cannot become ${to}.`, 409, { from, to })
    const staff = hasRole(req, 'admin', 'organizer')
    const own = sameId(originalDoc.user, req.user?.id)
    if ((rule === 'staff' && !staff) || (rule === 'owner' && !own)) {
      throw new PublicError(
        rule === 'staff' ? 'Only staff remove entries.' : 'Only its person leaves a list.',
        403,
        { from, to },
      )
    }
    return { ...data, closedReason: rule === 'owner' ? 'left the list' : 'removed by staff' }
  },
)

/** An offered entry removed by staff gives its hold back (the seats go to the next in line). */
export const releaseOfferAfterChange: CollectionAfterChangeHook<WaitingListEntry> = builtByPlugin(
  async ({ doc, operation, previousDoc, req }) => {
    if (operation !== 'update' || previousDoc?.status !== 'offered' || doc.status === 'offered')
      return doc
    const booking = idOf(doc.booking)
    if (booking === undefined) return doc
    await req.payload
      .update({
        collection: slugs.bookings,
        data: { status: 'cancelled' },
        id: booking,
        overrideAccess: true,
        req,
      })
      .catch((error: unknown) => {
        // Already accepted and paid, or ended: nothing to give back.
        if ((error as { status?: number }).status !== 409) throw error
      })
    return doc
  },
)
