import { timingSafeEqual } from 'node:crypto'

import type { Payload } from 'payload'

import { ticketCode, ticketCodeHash, ticketCodeKey } from './ticketCodes'
import type { DocId } from '../utilities/ids'

/**
 * The one-time link of an offer: an HMAC of the entry and its offer number under the server's
 * code key, so the mail job can write it again from ids alone; the database keeps only its hash.
 */
export const offerToken = (
  payload: Pick<Payload, 'config' | 'secret'>,
  entry: DocId,
  offer: number,
) => ticketCode(ticketCodeKey(payload), `waitlist-${String(entry)}`, offer)

export const offerTokenHash = (token: string): string => ticketCodeHash(token.trim().toUpperCase())

/**
 * The link that confirms a guest's address for a waiting-list entry: an HMAC of the entry under
 * the same key, so nothing needs storing (the link carries the entry's id and this code).
 */
export const guestConfirmToken = (payload: Pick<Payload, 'config' | 'secret'>, entry: DocId) =>
  ticketCode(ticketCodeKey(payload), `waitlist-guest-${String(entry)}`, 1)

/** Whether `token` (as a client sent it) is the confirmation code of `entry` (in constant time). */
export const isGuestConfirmToken = (
  payload: Pick<Payload, 'config' | 'secret'>,
  entry: DocId,
  token: unknown,
): boolean => {
  if (typeof token !== 'string') return false
  const expected = Buffer.from(guestConfirmToken(payload, entry))
  const given = Buffer.from(token.trim().toUpperCase())
  return given.length === expected.length && timingSafeEqual(given, expected)
}
