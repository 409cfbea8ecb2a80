import { sql } from '@payloadcms/db-postgres'
import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type PayloadRequest,
  type RequiredDataFromCollectionSlug,
  type TaskConfig,
} from 'payload'

import { AUDIT_ORIGIN } from '../../src/audit/requestInfo'
import { OFFER_SEATS_TASK } from '../../src/db/waitingListRulesSql'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { transactionDb } from '../../src/utilities/transactionDb'
import { OFFER_HOLD_UNTIL } from '../Bookings/claimSeatsBeforeChange'
import { offerToken, offerTokenHash } from '../../src/tickets/offerTokens'

type Entry = {
  id: string
  offers: number
  quantity: number
  reason?: string
  ticket_type_id: null | string
  user_id: string
}

/** Entries offered per run at most (the next run goes on). */
const OFFERS_PER_RUN = 500

const refusalStatus = (error: unknown) => (error as { status?: unknown }).status

/**
 * Offers an event's freed seats to its waiting list, step by step, each step a transaction of its
 * own that first takes the event's advisory lock (so runs on several servers take turns, and an
 * offer is made whole or not at all): offers that lapsed become `expired`
 * (their holds lapse with them and are freed by the next claim); then, in order (priority, then
 * who joined first), each waiting entry gets a pending hold on its seats through the booking
 * operation's own claim, until one does not fit (first come, first served: no one skips ahead).
 * An entry whose person booked the event after joining is `skipped` (a booking they cancelled is
 * not offered again); one whose type is no longer on sale is `removed` with the reason. Offers
 * plus bookings never exceed capacity: an offer is a booking hold, counted like any other.
 */
export const offerSeats = async (job: PayloadRequest, event: string): Promise<number> => {
  const { payload } = job
  const { slugs: resolved, waitingList } = settingsOf(payload)
  const usersSlug = resolved.users
  /** A request of its own per step: Payload's create rolls back its request's transaction on a refusal. */
  const step = async <T>(work: (req: PayloadRequest) => Promise<T>): Promise<T> => {
    const req = await createLocalReq({ context: { [AUDIT_ORIGIN]: 'job' } }, payload)
    await initTransaction(req)
    try {
      const db = await transactionDb(req)
      // One run of an event's offers at a time, step by step, on any number of servers.
      await db.execute(
        sql`SELECT pg_advisory_xact_lock(hashtextextended(${`waitlist:${event}`}, 0))`,
      )
      const result = await work(req)
      // A refused create has already rolled the step back (Payload ends its request's transaction).
      if (req.transactionID) await commitTransaction(req)
      return result
    } catch (error) {
      await killTransaction(req)
      throw error
    }
  }

  await step(async (req) => {
    const db = await transactionDb(req)
    await db.execute(sql`
      UPDATE waiting_list SET status = 'expired', closed_reason = 'the offer lapsed', updated_at = now()
       WHERE event_id = ${event} AND status = 'offered' AND offer_expires_at <= now()`)
    await db.execute(sql`
      UPDATE waiting_list w SET status = 'skipped', closed_reason = 'booked the event themselves',
             updated_at = now()
       WHERE w.event_id = ${event} AND w.status = 'waiting' AND EXISTS (
         SELECT 1 FROM bookings b WHERE b.event_id = w.event_id AND b.user_id = w.user_id
            AND b.created_at > w.created_at)`)
  })

  let offered = 0
  while (offered < OFFERS_PER_RUN) {
    const outcome = await step(async (req): Promise<'done' | 'full' | 'offered' | Entry> => {
      const db = await transactionDb(req)
      const { rows } = await db.execute<Entry>(sql`
        SELECT id::text AS id, quantity::int AS quantity, ticket_type_id::text AS ticket_type_id,
               user_id::text AS user_id, offers::int AS offers
          FROM waiting_list WHERE event_id = ${event} AND status = 'waiting'
         ORDER BY priority DESC, created_at, id LIMIT 1 FOR UPDATE`)
      const entry = rows[0]
      if (!entry) return 'done'
      const until = new Date(Date.now() + waitingList.offerMinutes * 60_000).toISOString()
      // The hold is the person's booking, made as by them (the booking operation books for its user).
      const account = await payload
        .findByID({ collection: usersSlug, depth: 0, id: entry.user_id, req })
        .catch(() => null)
      if (!account) return { ...entry, reason: 'the account no longer exists' }
      req.user = { ...account, collection: usersSlug } as PayloadRequest['user']
      let booking: string
      try {
        const made = await payload.create({
          collection: slugs.bookings,
          context: { [OFFER_HOLD_UNTIL]: until },
          // Without a type: `seats`, which books the event's own price or its one type on sale.
          data: (entry.ticket_type_id
            ? {
                event,
                lines: [{ quantity: entry.quantity, ticketType: entry.ticket_type_id }],
                user: entry.user_id,
              }
            : {
                event,
                seats: entry.quantity,
                user: entry.user_id,
              }) as unknown as RequiredDataFromCollectionSlug<typeof slugs.bookings>,
          depth: 0,
          overrideAccess: true,
          req,
        })
        booking = String(made.id)
      } catch (error) {
        const status = refusalStatus(error)
        // Not enough seats (yet): the first in line waits for the next freed ones.
        if (status === 409) return 'full'
        if (typeof status === 'number' && status < 500)
          return { ...entry, reason: (error as Error).message }
        throw error
      }
      const number = entry.offers + 1
      await db.execute(sql`
        UPDATE waiting_list SET status = 'offered', booking_id = ${booking}, offers = ${number},
               offer_expires_at = ${until},
               offer_token_hash = ${offerTokenHash(offerToken(payload, entry.id, number))},
               updated_at = now()
         WHERE id = ${entry.id}`)
      return 'offered'
    })
    if (outcome === 'done' || outcome === 'full') break
    if (outcome === 'offered') {
      offered++
      continue
    }
    // An entry that can never be offered as asked (its type no longer on sale...) leaves the line.
    await step(async (req) => {
      const db = await transactionDb(req)
      await db.execute(sql`
        UPDATE waiting_list SET status = 'removed', updated_at = now(),
               closed_reason = ${`cannot be offered: ${outcome.reason}`.slice(0, 500)}
         WHERE id = ${outcome.id} AND status = 'waiting'`)
    })
  }
  return offered
}

/**
 * `offerWaitingList` ({event}): queued by the database whenever an event with people waiting
 * gets seats back (src/db/waitingListRulesSql.ts), and by the expiry of offers.
 */
export const offerSeatsTask: TaskConfig<{ input: { event: string }; output: { offered: number } }> =
  {
    slug: OFFER_SEATS_TASK,
    handler: async ({ input, req }) => ({
      output: { offered: await offerSeats(req, String(input.event)) },
    }),
    inputSchema: [{ name: 'event', type: 'text', required: true }],
    outputSchema: [{ name: 'offered', type: 'number', required: true }],
    retries: 3,
  }
