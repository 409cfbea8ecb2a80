import { processWide } from '../../../src/utilities/processWide'
import { notEnoughSeats, seatsLeftIn } from './explainRefusal'

/**
 * What a refused claim saw of an event's seats, so the bookings that were already waiting in the
 * event's lane when that claim started can be answered without a database round trip: the claim
 * read "only N remain" at a moment inside each such waiter's request, so refusing a waiter that
 * asks for more than N is the answer it would have had then. Without this, a hot event's sell-out
 * makes every waiter run its own refused claim (two statements) in turn, and the last ones time
 * out with a 503 instead of hearing "sold out". Later arrivals claim as usual (seats may be freed).
 */
type Seen = { remaining: number; since: number }

const state = () =>
  processWide('bookingSoldOutSeen', () => ({ seen: new Map<string, Seen>(), tick: 0 }))

/** A point in this process's order of lane arrivals and claim starts. */
export const nextTick = (): number => (state().tick += 1)

/** Remembers an event-wide seat refusal of a claim that started at `since`. */
export const noteRefusal = (event: string, since: number, error: unknown): void => {
  const remaining = seatsLeftIn(error)
  if (remaining === undefined) return
  const { seen } = state()
  const earlier = seen.get(event)
  if (!earlier || earlier.since < since) seen.set(event, { remaining, since })
}

/** The refusal a request that arrived at `arrived` asking for `seats` already has, if any. */
export const refusalSeen = (event: string, arrived: number, seats: number) => {
  const seen = state().seen.get(event)
  if (!seen || seen.since < arrived || seats <= seen.remaining) return undefined
  return notEnoughSeats(seen.remaining, seats)
}

/** Forgets an event once nobody waits for it: only waiters can use what was seen. */
export const forgetEvent = (event: string): void => {
  state().seen.delete(event)
}
