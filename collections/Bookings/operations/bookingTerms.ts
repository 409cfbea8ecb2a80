import type { PayloadRequest } from 'payload'

import type { BookingStatus } from '../../../src/documents'
import { settingsOf } from '../../../src/settings'
import { multiplyDecimal, sumDecimals } from '../../../src/utilities/decimal'
import { readableCode } from '../../../src/utilities/readableCode'
import type { PricedLine } from './priceLines'

/** Characters of a booking reference (40 bits: a collision is retried, see book.ts). */
export const REFERENCE_LENGTH = 8

/**
 * What a booking of these lines costs and becomes: the seats, the exact total, the one unit price
 * (when every line has it), free bookings confirmed at once and paid ones held until `holdMinutes`
 * from now, and a new reference. The same for both ways of making it. A waiting-list offer is a
 * hold until `offerUntil` whatever it costs (the person accepts it first).
 */
export const bookingTerms = (
  req: Pick<PayloadRequest, 'payload'>,
  lines: PricedLine[],
  { offerUntil }: { offerUntil?: string } = {},
) => {
  const total = sumDecimals(
    lines.map(({ quantity, unitPrice }) => multiplyDecimal(unitPrice, quantity)),
  )
  const prices = new Set(lines.map(({ unitPrice }) => Number(unitPrice)))
  const free = Number(total) === 0
  const { holdMinutes } = settingsOf(req.payload).bookings
  const held = !free || offerUntil !== undefined
  return {
    holdUntil:
      offerUntil ?? (free ? null : new Date(Date.now() + holdMinutes * 60_000).toISOString()),
    reference: readableCode(REFERENCE_LENGTH),
    seats: lines.reduce((sum, { quantity }) => sum + quantity, 0),
    status: (held ? 'pending' : 'confirmed') as BookingStatus,
    total,
    unitPrice: prices.size === 1 ? (lines[0]?.unitPrice ?? null) : null,
  }
}
