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
