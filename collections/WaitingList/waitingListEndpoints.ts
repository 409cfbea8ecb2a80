import { sql } from '@payloadcms/db-postgres'
import type { Endpoint, PayloadRequest } from 'payload'

import { slugs } from '../../src/slugs'
import { PublicError } from '../../src/utilities/publicError'
import { inTransaction } from '../../src/utilities/inTransaction'
import { readJsonBody } from '../../src/utilities/readJsonBody'
import { postgresAdapterOf, transactionDb } from '../../src/utilities/transactionDb'
import { auditStatusChanges } from '../Bookings/auditExpiredHolds'
import { offerTokenHash } from '../../src/tickets/offerTokens'
import { confirmGuestEntry } from './guestEntries'

type OfferRow = {
  booking_id: null | string
  booking_status: null | string
  event_id: string
  free: boolean
  id: string
  live: boolean
  offer_expires_at: Date | null
  quantity: number
  status: string
}

export type OfferAnswer = {
  booking: null | string
  entry: string
  event: string
  expiresAt: null | string
  quantity: number
  status: string
}

const TOKEN = /^[A-Z2-7]{32}$/

const tokenOf = (body: Record<string, unknown>): string => {
  const token = typeof body.token === 'string' ? body.token.trim().toUpperCase() : ''
  if (!TOKEN.test(token)) {
    throw new PublicError('"token" must be the code of an offer link.', 400, { field: 'token' })
  }
  return token
}

const answerOf = (row: OfferRow, status = row.status): OfferAnswer => ({
  booking: row.booking_id,
  entry: row.id,
  event: row.event_id,
  expiresAt: row.offer_expires_at ? new Date(row.offer_expires_at).toISOString() : null,
  quantity: row.quantity,
  status,
})

/** The offer of a link, locked for the rest of the transaction. */
const lockedOffer = async (req: PayloadRequest, token: string): Promise<OfferRow> => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<OfferRow>(sql`
    SELECT w.id::text AS id, w.event_id::text AS event_id, w.status::text AS status,
           w.quantity::int AS quantity, w.booking_id::text AS booking_id, w.offer_expires_at,
           w.offer_expires_at > now() AS live, b.status::text AS booking_status,
           coalesce(b.total_price, 0) = 0 AS free
      FROM waiting_list w LEFT JOIN bookings b ON b.id = w.booking_id
     WHERE w.offer_token_hash = ${offerTokenHash(token)}
     FOR UPDATE OF w`)
  const row = rows[0]
  if (!row) throw new PublicError('This offer link is not valid.', 404, { field: 'token' })
  return row
}

const gone = (row: OfferRow) =>
  row.status === 'expired' || (row.status === 'offered' && !row.live)
    ? new PublicError('This offer has expired; its seats went to the next person waiting.', 410, {
        expiresAt: row.offer_expires_at,
      })
    : new PublicError(`This offer was ${row.status}.`, 409, { status: row.status })

export type OfferView = OfferAnswer & { eventSlug: null | string; eventTitle: string }

/** What an offer link is about, for the page that shows it (null: no such offer). */
export const offerByToken = async (
  payload: PayloadRequest['payload'],
  token: string,
): Promise<null | OfferView> => {
  const code = token.trim().toUpperCase()
  if (!TOKEN.test(code)) return null
  const { rows } = await postgresAdapterOf(payload).drizzle.execute<
    OfferRow & { slug: null | string; title: string }
  >(sql`
    SELECT w.id::text AS id, w.event_id::text AS event_id, w.status::text AS status,
           w.quantity::int AS quantity, w.booking_id::text AS booking_id, w.offer_expires_at,
           w.offer_expires_at > now() AS live, e.title, e.slug
      FROM waiting_list w JOIN events e ON e.id = w.event_id
     WHERE w.offer_token_hash = ${offerTokenHash(code)}`)
  const row = rows[0]
  if (!row) return null
  const status = row.status === 'offered' && !row.live ? 'expired' : row.status
  return { ...answerOf(row, status), eventSlug: row.slug, eventTitle: row.title }
}

/**
 * Accepting an offer: a free event's hold becomes a confirmed booking at once, a paid one stays a
 * pending hold to pay. A second acceptance answers the same booking; one after the offer lapsed is
 * a 410 (the seats are someone else's by then, or about to be).
 */
export const acceptOffer = (req: PayloadRequest, token: string): Promise<OfferAnswer> =>
  // One transaction around the outcome, so that a second click waits for the first.
  inTransaction(req, async () => {
    const row = await lockedOffer(req, token)
    if (row.status === 'accepted') return answerOf(row)
    if (row.status !== 'offered' || !row.live || !row.booking_id) throw gone(row)
    const db = await transactionDb(req)
    if (row.free) {
      const { rows } = await db.execute<{ id: string }>(sql`
        UPDATE bookings SET status = 'confirmed', expires_at = NULL, updated_at = now()
         WHERE id = ${row.booking_id} AND status = 'pending' AND expires_at > now()
        RETURNING id::text AS id`)
      if (!rows[0]) throw gone({ ...row, live: false })
      await auditStatusChanges(req, [{ from: 'pending', id: row.booking_id, to: 'confirmed' }])
    }
    await db.execute(sql`
      UPDATE waiting_list SET status = 'accepted', closed_reason = 'accepted the offer', updated_at = now()
       WHERE id = ${row.id}`)
    return answerOf(row, 'accepted')
  })

/** Declining gives the seats back at once: the next person waiting is offered them. */
export const declineOffer = (req: PayloadRequest, token: string): Promise<OfferAnswer> =>
  inTransaction(req, async () => {
    const row = await lockedOffer(req, token)
    if (row.status === 'declined') return answerOf(row)
    if (row.status !== 'offered' || !row.live || !row.booking_id) throw gone(row)
    const db = await transactionDb(req)
    await db.execute(sql`
      UPDATE waiting_list SET status = 'declined', closed_reason = 'declined the offer', updated_at = now()
       WHERE id = ${row.id}`)
    await req.payload.update({
      collection: slugs.bookings,
      data: { status: 'cancelled' },
      id: row.booking_id,
      overrideAccess: true,
      req,
    })
    return answerOf(row, 'declined')
  })

const offerEndpoint = (
  path: string,
  act: (req: PayloadRequest, token: string) => Promise<OfferAnswer>,
): Endpoint => ({
  handler: async (req) =>
    Response.json(await act(req, tokenOf(await readJsonBody(req))), {
      headers: { 'Cache-Control': 'private, no-store' },
    }),
  method: 'post',
  path,
})

/**
 * POST /api/waiting-list/accept and /decline `{token}`: the offer mail's link (the token is the
 * proof; no sign-in needed, as with a ticket). POST /api/waiting-list/confirm `{entry, token}`:
 * a guest's address confirmation link (guestEntries.ts).
 */
export const waitingListEndpoints: Endpoint[] = [
  offerEndpoint('/accept', acceptOffer),
  offerEndpoint('/decline', declineOffer),
  {
    handler: async (req) => {
      const body = await readJsonBody(req)
      return Response.json(await confirmGuestEntry(req, body.entry, body.token), {
        headers: { 'Cache-Control': 'private, no-store' },
      })
    },
    method: 'post',
    path: '/confirm',
  },
]
