/**
 * The bounded lanes (src/utilities/lanes.ts): a `stalled` waiter waits as long as the lane moves and
 * gives up only when no holder got anywhere for its wait.
 */
import { describe, expect, it } from 'vitest'

import { createLane } from '../src/utilities/lanes'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('lanes', () => {
  it('should keep a stalled-only waiter waiting while the holders ahead of it finish', async () => {
    const lane = createLane({ concurrency: 1, queue: 10 })
    const first = await lane.enter()
    const queued = [1, 2, 3].map(() => lane.enter(300, { stalled: true }))
    // Each holder takes 200 ms: the last waiter waits 600 ms in all, twice its wait.
    let release = first
    for (const next of queued) {
      await sleep(200)
      release?.()
      release = await next
      expect(release).toBeTypeOf('function')
    }
    release?.()
  })

  it('should give a stalled-only waiter up once nothing moved for its wait', async () => {
    const lane = createLane({ concurrency: 1, queue: 10 })
    const held = await lane.enter()
    const started = Date.now()
    await expect(lane.enter(300, { stalled: true })).resolves.toBeUndefined()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    held?.()
  })

  it('should not count a holder that got nowhere as progress', async () => {
    const lane = createLane({ concurrency: 1, queue: 10 })
    const started = Date.now()
    const held = await lane.enter()
    const waiters = [lane.enter(300, { stalled: true }), lane.enter(300, { stalled: true })]
    await sleep(200)
    held?.(false) // a lock timeout: the first waiter gets the place, the second waits on
    const next = await waiters[0]
    await expect(waiters[1]).resolves.toBeUndefined()
    // Counted as progress, it would have waited until 500 ms.
    expect(Date.now() - started).toBeLessThan(450)
    next?.()
  })

  it('should give a plain waiter up after its wait, however the lane moves', async () => {
    const lane = createLane({ concurrency: 1, queue: 10 })
    const started = Date.now()
    const first = await lane.enter()
    const [a, b] = [lane.enter(300), lane.enter(300)]
    await sleep(200)
    first?.() // `a` gets the place at 200 ms; `b` still gives up at 300 ms
    const second = await a
    await expect(b).resolves.toBeUndefined()
    expect(Date.now() - started).toBeLessThan(450)
    second?.()
  })
})
