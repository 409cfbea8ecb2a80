/**
 * A bounded lane for anonymous reads: at most `concurrency` run at once and at most `queue` wait;
 * the rest are refused at once (503). One Node process is CPU-bound long before PostgreSQL is, so a
 * flood of heavy public reads would otherwise hold every turn of the event loop (and every pooled
 * connection) and make a signed-in customer's booking wait behind all of them. Signed-in requests
 * and writes never enter the lane.
 */
export type ReadLane = {
  /** A release function, or undefined when the lane and its queue are full. */
  enter: () => Promise<() => void> | undefined
}

export const createReadLane = (concurrency: number, queue: number): ReadLane => {
  let running = 0
  const waiting: (() => void)[] = []
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else running -= 1
  }
  return {
    enter: () => {
      if (running < concurrency) {
        running += 1
        return Promise.resolve(release)
      }
      if (waiting.length >= queue) return undefined
      return new Promise((resolve) => waiting.push(() => resolve(release)))
    },
  }
}

const lanes = new WeakMap<object, ReadLane>()

/** One lane per app config (keyed by its resolved limits object). */
export const readLaneFor = (
  key: object,
  { concurrency, queue }: { concurrency: number; queue: number },
): ReadLane => {
  let lane = lanes.get(key)
  if (!lane) {
    lane = createReadLane(concurrency, queue)
    lanes.set(key, lane)
  }
  return lane
}
