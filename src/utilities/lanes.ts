import { processWide } from './processWide'

/**
 * A bounded lane: at most `concurrency` holders at once and at most `queue` waiting; the rest are
 * refused at once. Three kinds of work use one (src/platform/requests/guardRequest.ts and the booking
 * operation), each to keep a scarce resource free for everyone else:
 * - anonymous reads: one Node process is CPU-bound long before PostgreSQL is, so a flood of heavy
 *   public reads would otherwise hold every turn of the event loop and every pooled connection;
 * - password checks (sign-in, registration, password changes): each is ~130 ms of PBKDF2 on
 *   libuv's four threads, which new database connections need too (SCRAM); 100 at once starved
 *   the pool's connects into timeouts;
 * - booking claims of one event: claims queue on the event's row lock, so without a lane a row
 *   held by someone else (a long edit, a stuck job) would take every pooled connection with it.
 */
export type Lane = {
  /**
   * Resolves to a release function once a place is free, or to undefined when the queue is full
   * (at once) or no place came free within `waitMs` (with `stalled`: when no holder of the lane
   * finished for `waitMs`, however long the queue takes while it moves).
   */
  enter: (
    waitMs?: number,
    options?: { stalled?: boolean },
  ) => Promise<((moved?: boolean) => void) | undefined>
  /** Holders and waiters now (tests and health). */
  load: () => { running: number; waiting: number }
}

export type LaneSize = { concurrency: number; queue: number }

export const createLane = ({ concurrency, queue }: LaneSize, onIdle?: () => void): Lane => {
  let running = 0
  let movedAt = Date.now()
  const waiting: ((release: (moved?: boolean) => void) => void)[] = []
  const release = (moved: boolean) => {
    if (moved) movedAt = Date.now()
    const next = waiting.shift()
    if (next) return next(once())
    running -= 1
    if (running === 0) onIdle?.()
  }
  // Each holder releases once, however often it calls its function; `moved: false` says it
  // ended without getting anywhere (a lock timeout), which does not keep `stalled` waiters waiting.
  const once = () => {
    let done = false
    return (moved = true) => {
      if (done) return
      done = true
      release(moved)
    }
  }
  return {
    enter: (waitMs, { stalled = false } = {}) => {
      if (running < concurrency) {
        running += 1
        return Promise.resolve(once())
      }
      if (waiting.length >= queue) return Promise.resolve(undefined)
      return new Promise((resolve) => {
        // Called by a release, always after the timer below exists.
        const take = (granted: (moved?: boolean) => void) => {
          clearTimeout(timer)
          resolve(granted)
        }
        waiting.push(take)
        const giveUp = () => {
          const idle = Date.now() - movedAt
          // The queue still moves: wait on, up to `waitMs` after the last holder finished.
          if (stalled && idle < (waitMs ?? 0)) {
            timer = setTimeout(giveUp, (waitMs ?? 0) - idle)
            return
          }
          const index = waiting.indexOf(take)
          if (index >= 0) waiting.splice(index, 1)
          resolve(undefined)
        }
        let timer = waitMs === undefined ? undefined : setTimeout(giveUp, waitMs)
      })
    },
    load: () => ({ running, waiting: waiting.length }),
  }
}

/**
 * One lane per process for each name and size: every bundle's copy of the routes shares it
 * (src/utilities/processWide.ts).
 */
export const laneFor = (name: string, size: LaneSize): Lane => {
  const lanes = processWide('lanes', () => new Map<string, Lane>())
  const key = `${name}:${size.concurrency}:${size.queue}`
  let lane = lanes.get(key)
  if (!lane) lanes.set(key, (lane = createLane(size)))
  return lane
}

/**
 * Lanes per key (an event id), made when first entered and dropped once idle, so a process that
 * books thousands of events keeps only the busy ones.
 */
export const keyedLanes = (name: string, size: LaneSize) => {
  const groups = processWide('keyedLanes', () => new Map<string, Map<string, Lane>>())
  const groupKey = `${name}:${size.concurrency}:${size.queue}`
  let lanes = groups.get(groupKey)
  if (!lanes) groups.set(groupKey, (lanes = new Map()))
  const group = lanes
  return {
    enter: (key: string, waitMs?: number, options?: { stalled?: boolean }) => {
      let lane = group.get(key)
      if (!lane) {
        const made = createLane(size, () => {
          if (group.get(key) === made && made.load().waiting === 0) group.delete(key)
        })
        group.set(key, (lane = made))
      }
      return lane.enter(waitMs, options)
    },
    /** Whether the key has holders or waiters now. */
    busy: (key: string) => group.has(key),
    /** Busy keys now (tests). */
    size: () => group.size,
  }
}
