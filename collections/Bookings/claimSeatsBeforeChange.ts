import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { BookingDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import {
  insertTickets,
  newTicketIds,
  planTickets,
  type TicketLine,
} from '../../src/tickets/newTickets'
import { builtByPlugin } from '../../src/utilities/builtByPlugin'
import { idOf } from '../../src/utilities/ids'
import { type PreparedStatement, runInRequest } from '../../src/utilities/preparedQuery'
import { PublicError } from '../../src/utilities/publicError'
import { auditExpiredHolds } from './auditExpiredHolds'
import { contactSnapshotOf, idempotencyWhere } from './bookingRules'
import {
  BOOKING_REQUEST,
  type BookingRequest,
  parseBookingRequest,
} from './operations/bookingRequest'
import { bookingTerms } from './operations/bookingTerms'
import { claimCtes, claimValues } from './operations/claimSql'
import { eventOffer } from './operations/eventOffer'
import { explainRefusal } from './operations/explainRefusal'
import { priceLines } from './operations/priceLines'

/** Set by the waiting list's offer job: the booking is a hold until then (operations/bookingTerms). */
export const OFFER_HOLD_UNTIL = 'eventsCmsOfferHoldUntil'

/** Set by the claim for the tickets hook: the lines to issue tickets for. */
const TICKETS_TO_ISSUE = 'eventsCmsTicketsToIssue'

const claimStatement = (idType: 'serial' | 'uuid'): PreparedStatement => ({
  name: `events_cms_claim_${idType}`,
  text: `${claimCtes(idType)} SELECT claimed.expired_ids FROM claimed`,
})

/**
 * Payload's create of a booking (an app's hooks or fields on bookings, the Local API) claims its
 * seats here, with the same parser, prices, claim statement (operations/claimSql.ts) and messages
 * as the one-statement path, inside Payload's transaction: a refusal, or any later hook's error,
 * rolls the claim back with the rest. The booking's lines, snapshots, reference and status are set
 * here; clients can set none of them (field access).
 */
export const claimSeatsBeforeChange: CollectionBeforeChangeHook<BookingDoc> = builtByPlugin(
  async ({ context, data, operation, req }) => {
    if (operation !== 'create') return data
    const request =
      (context[BOOKING_REQUEST] as BookingRequest | undefined) ?? parseBookingRequest(data, req)
    if (request.idempotencyKey && !context[BOOKING_REQUEST]) {
      const { docs } = await req.payload.find({
        collection: slugs.bookings,
        depth: 0,
        limit: 1,
        pagination: false,
        req,
        select: {},
        where: idempotencyWhere(request.user, request.idempotencyKey),
      })
      if (docs[0]) {
        throw new PublicError(
          `You already made booking ${docs[0].id} with this idempotencyKey.`,
          409,
          {
            bookingId: docs[0].id,
          },
        )
      }
    }
    const user =
      req.user && String(req.user.id) === String(request.user)
        ? req.user
        : await req.payload
            .findByID({
              collection: settingsOf(req.payload).slugs.users,
              depth: 0,
              id: request.user,
              req,
            })
            .catch(() => null)
    if (!user) throw new PublicError(`User ${request.user} does not exist.`, 400, { field: 'user' })

    const offer = await eventOffer(req, request.event, { fresh: true })
    if (!offer)
      throw new PublicError(`Event ${request.event} does not exist.`, 404, { field: 'event' })
    const lines = priceLines(req, offer, request)
    const offerUntil = context[OFFER_HOLD_UNTIL]
    const terms = bookingTerms(req, lines, {
      offerUntil: typeof offerUntil === 'string' ? offerUntil : undefined,
    })
    const { bookings, idType } = settingsOf(req.payload)
    const [claimed] = await runInRequest<{ expired_ids: string[] }>(
      req,
      claimStatement(idType),
      claimValues({
        currency: offer.currency,
        event: request.event,
        holdUntil: terms.holdUntil,
        lines,
        maxPerBooking: bookings.maxSeatsPerBooking,
      }),
    )
    if (!claimed) {
      throw (
        (await explainRefusal(req, request.event, lines)) ??
        new PublicError('The seats changed while you booked; try again.', 409, { retry: true })
      )
    }
    await auditExpiredHolds(req, claimed.expired_ids)
    context[TICKETS_TO_ISSUE] = lines.map(({ attendees, quantity, ticketType }): TicketLine => ({
      attendees,
      quantity,
      ticketType,
    }))
    return {
      ...data,
      contactSnapshot: contactSnapshotOf(user as Parameters<typeof contactSnapshotOf>[0]),
      currency: offer.currency,
      event: request.event,
      expiresAt: terms.holdUntil,
      lines: lines.map(({ name, quantity, ticketType, unitPrice }) => ({
        name,
        quantity,
        ticketType,
        unitPrice: Number(unitPrice),
      })),
      reference: terms.reference,
      seats: terms.seats,
      status: terms.status,
      totalPrice: Number(terms.total),
      unitPrice: terms.unitPrice === null ? null : Number(terms.unitPrice),
      user: request.user,
    }
  },
)

/** One ticket per seat, once Payload has inserted the booking (same transaction). */
export const issueTicketsAfterChange: CollectionAfterChangeHook<BookingDoc> = builtByPlugin(
  async ({ context, doc, operation, req }) => {
    const lines = context[TICKETS_TO_ISSUE] as TicketLine[] | undefined
    if (operation !== 'create' || !lines) return doc
    delete context[TICKETS_TO_ISSUE]
    const seats = lines.reduce((sum, { quantity }) => sum + quantity, 0)
    const event = idOf(doc.event)
    if (event === undefined) return doc
    await insertTickets(req, doc.id, event, planTickets(req, await newTicketIds(req, seats), lines))
    return doc
  },
)
