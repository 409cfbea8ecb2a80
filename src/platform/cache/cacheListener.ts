import pg from 'pg'
import type { Payload } from 'payload'

import {
  CACHE_CHANNEL,
  instanceIdOf,
  LISTENER_NAME,
  parseCacheMessage,
} from '../../utilities/cacheChanges'
import { processWide } from '../../utilities/processWide'
import { clearCache, invalidateCache, setCacheMode } from '../../utilities/publicCache'
import { forgetAllSignedIn, forgetSignedIn } from '../../utilities/signedInMemo'

export type CacheListener = { stop: () => Promise<void> }

const listeners = processWide('cacheListeners', () => new WeakMap<object, CacheListener>())

const RECONNECT_DELAYS_MS = [200, 1000, 2000, 5000, 10_000, 30_000]

/**
 * Round trips on the listening connection: PostgreSQL sends a listener every notification
 * committed before a query's result, so once a trip returns, every change committed before it
 * started has reached this instance (`freshAsOf`: when the last completed trip started).
 * Callers that arrive while a trip is still to be sent share it (one query per turn of the event
 * loop, however many reads); a trip already on its way is not shared, since it could have left
 * before their writer committed. A trip that takes over a second counts as a lost connection.
 */
const roundTrips = (client: pg.Client, since: number, onFailure: (reason: string) => void) => {
  let freshAsOf = since
  let next: Promise<void> | undefined
  // One trip at a time on the connection: the next waits for the one on its way.
  let previous: Promise<unknown> = Promise.resolve()
  const sync = (): Promise<void> => {
    next ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      next = undefined
      let timer: NodeJS.Timeout | undefined
      const trip = previous.then(async () => {
        const started = performance.now()
        await client.query('SELECT 1')
        freshAsOf = Math.max(freshAsOf, started)
      })
      previous = trip.catch(() => undefined)
      await Promise.race([
        trip,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 1 s')), 1000)
        }),
      ])
        .catch((error: Error) => {
          onFailure(error.message)
          throw error
        })
        .finally(() => clearTimeout(timer))
    })
    return next
  }
  return { freshAsOf: () => freshAsOf, sync }
}

/**
 * LISTENs for other instances' changes (src/utilities/cacheChanges.ts) on its own connection (not
 * a pooled one: a pooler in transaction mode cannot hold a LISTEN, so `url` may name the server
 * directly). A listener that loses its connection clears everything, keeps nothing until it is
 * back (it could miss a message), and reconnects with back-off; on reconnecting it clears
 * everything again. `maxStaleMs`: how long after a commit elsewhere a hit may still serve the
 * previous answer (src/utilities/publicCache.ts; Infinity: no round trips at all).
 */
export const startCacheListener = (
  payload: Payload,
  url: string,
  { maxStaleMs = 0 }: { maxStaleMs?: number } = {},
): CacheListener => {
  const existing = listeners.get(payload.config)
  if (existing) return existing
  let client: pg.Client | undefined
  let stopped = false
  let attempt = 0
  let timer: NodeJS.Timeout | undefined

  const lost = (reason: string) => {
    if (stopped || !client) return
    const gone = client
    client = undefined
    gone.removeAllListeners()
    gone.on('error', () => undefined)
    void gone.end().catch(() => undefined)
    setCacheMode(payload, 'deaf')
    clearCache(payload)
    payload.logger.warn(
      `events-cms: cache listener lost its connection (${reason}); the public cache is off until it is back`,
    )
    schedule()
  }

  const schedule = () => {
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]
    attempt += 1
    timer = setTimeout(() => void connect(), delay)
    timer.unref()
  }

  const connect = async () => {
    if (stopped) return
    const next = new pg.Client({
      application_name: LISTENER_NAME,
      connectionString: url,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    })
    next.on('error', (error: Error) => lost(error.message))
    next.on('end', () => lost('connection ended'))
    next.on('notification', ({ channel, payload: text }) => {
      const message = channel === CACHE_CHANNEL ? parseCacheMessage(text) : undefined
      if (!message || message.from === instanceIdOf(payload)) return
      invalidateCache(payload, message.tags)
      if (message.users?.length) forgetSignedIn(payload, message.users)
    })
    try {
      client = next
      await next.connect()
      const listening = performance.now()
      await next.query(`LISTEN ${CACHE_CHANNEL}`)
      // The socket must not keep a process alive that has nothing else to do.
      ;(
        next as unknown as { connection?: { stream?: { unref?: () => void } } }
      ).connection?.stream?.unref?.()
      if (stopped) return void next.end().catch(() => undefined)
      // Anything may have changed while nobody listened.
      clearCache(payload)
      forgetAllSignedIn(payload)
      setCacheMode(
        payload,
        'listening',
        maxStaleMs === Infinity ? undefined : { ...roundTrips(next, listening, lost), maxStaleMs },
      )
      if (attempt > 0)
        payload.logger.info('events-cms: cache listener is back; the public cache is on')
      attempt = 0
    } catch (error) {
      if (client === next) lost((error as Error).message)
    }
  }

  setCacheMode(payload, 'deaf')
  void connect()
  const listener: CacheListener = {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      listeners.delete(payload.config)
      const open = client
      client = undefined
      if (open) {
        open.removeAllListeners()
        open.on('error', () => undefined)
        await open.end().catch(() => undefined)
      }
      setCacheMode(payload, 'local')
    },
  }
  listeners.set(payload.config, listener)
  return listener
}

/** Stops the app's listener, if any (scripts and tests that end a Payload instance). */
export const stopCacheListener = async (payload: Pick<Payload, 'config'>): Promise<void> => {
  await listeners.get(payload.config)?.stop()
}
