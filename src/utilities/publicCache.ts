import { LRUCache } from 'lru-cache'
import type { Payload } from 'payload'

import { platformSettingsIfAny } from './platformSettings'
import { readingFromPrimary } from './primaryReads'
import { perApp } from './processWide'

/**
 * A source of cached answers: the collection or global a cached answer was read from (the domain
 * declares which, once: src/site/cacheDependencies.ts). A committed change to a source drops every
 * answer carrying its tag, in every app instance (src/utilities/cacheChanges.ts).
 */
export type CacheTag = string

/**
 * Whether this process may keep what it loads: `local` (no listener: one process, e.g. a script),
 * `listening` (every other instance's changes reach us: src/platform/cache/cacheListener.ts), or
 * `deaf` (the listener is connecting or lost its connection: another instance's change could go
 * unnoticed, so nothing is kept until it is back).
 */
export type CacheMode = 'deaf' | 'listening' | 'local'

type Entry = { expiresAt: number; tags: readonly CacheTag[]; value: Promise<unknown> }
type Store = {
  /** Counts clearCache: an answer loaded across a clearing is not kept. */
  clearings: number
  entries: LRUCache<string, Entry>
  generation: Map<CacheTag, number>
  mode: CacheMode
  /** How this instance learns of other instances' changes; set while listening. */
  link?: ListenerLink
}

/** What the cross-instance listener (src/platform/cache/cacheListener.ts) gives the cache. */
export type ListenerLink = {
  /** When the last completed round trip started (performance.now()): every change committed before it is here. */
  freshAsOf: () => number
  /**
   * How long after a commit elsewhere a hit may still serve the previous answer: a hit whose
   * `freshAsOf` is older waits for `sync` (0: every hit does).
   */
  maxStaleMs: number
  /** Resolves once every change committed before the call has reached this instance. */
  sync: () => Promise<void>
}

/** Entries kept per app when the plugin's `cache.maxEntries` is not set. */
export const DEFAULT_CACHE_ENTRIES = 5000

const maxEntriesOf = (payload: Pick<Payload, 'config'>): number =>
  platformSettingsIfAny(payload)?.cache.maxEntries ?? DEFAULT_CACHE_ENTRIES

const storeOf = perApp<Store>('cache', (payload) => ({
  clearings: 0,
  entries: new LRUCache<string, Entry>({ max: maxEntriesOf(payload) }),
  generation: new Map(),
  mode: 'local',
}))

const generationsOf = (store: Store, tags: readonly CacheTag[]) =>
  `${store.clearings}:${tags.map((tag) => store.generation.get(tag) ?? 0).join(',')}`

const settled = (trip: Promise<void>): Promise<boolean> =>
  trip.then(
    () => true,
    () => false,
  )

/**
 * Whether a hit may be served: at once while the last round trip started within `maxStaleMs`
 * (starting the next one in the background past half of that, so steady traffic never waits),
 * else after a round trip.
 */
const caughtUp = ({ freshAsOf, maxStaleMs, sync }: ListenerLink): boolean | Promise<boolean> => {
  const age = performance.now() - freshAsOf()
  if (age >= maxStaleMs) return settled(sync())
  if (age >= maxStaleMs / 2) void settled(sync())
  return true
}

/**
 * Memoizes `load` per app until one of `tags` is invalidated (or `ttlMs` passes), keeping at most
 * `cache.maxEntries` entries (least recently used go first). A load that started before an
 * invalidation is not kept, so a reader can never re-fill the cache with an old value; while the
 * cross-instance listener is down nothing is kept at all.
 */
export const cached = async <T>(
  payload: Payload,
  key: string,
  tags: readonly CacheTag[],
  load: () => Promise<T>,
  {
    keepIf = () => true,
    ttlMs = Infinity,
  }: {
    /** Whether to keep a loaded value; misses are not kept, so unknown keys cannot grow the cache. */
    keepIf?: (value: T) => boolean
    ttlMs?: number
  } = {},
): Promise<T> => {
  const store = storeOf(payload)
  if (store.mode === 'deaf') return readingFromPrimary(load)
  const candidate = store.entries.get(key)
  if (candidate && candidate.expiresAt > Date.now() && store.link) {
    // Not sure every other instance's change up to maxStaleMs ago has arrived: wait for the
    // listener's round trip, or read afresh (and keep nothing) when it fails.
    if (!(await caughtUp(store.link))) return load()
  }
  const hit = store.entries.get(key)
  if (hit && hit.expiresAt > Date.now()) return hit.value as Promise<T>
  const before = generationsOf(store, tags)
  // What fills the cache is read on the primary: a lagging replica's copy would stay.
  const value = readingFromPrimary(load)
  store.entries.set(key, { expiresAt: Date.now() + ttlMs, tags, value })
  let loaded: T
  try {
    loaded = await value
  } catch (error) {
    if (store.entries.peek(key)?.value === value) store.entries.delete(key)
    throw error
  }
  const stale = generationsOf(store, tags) !== before
  if ((stale || !keepIf(loaded)) && store.entries.peek(key)?.value === value) {
    store.entries.delete(key)
  }
  return loaded
}

/**
 * The value cached under `key` when it may be served now (as `cached` would serve it), without
 * loading anything on a miss: for a fast path in front of the handler that fills the cache.
 */
export const peekCache = async <T>(
  payload: Pick<Payload, 'config'>,
  key: string,
): Promise<T | undefined> => {
  const store = storeOf(payload)
  const live = () => {
    const entry = store.entries.get(key)
    return entry && entry.expiresAt > Date.now() ? entry : undefined
  }
  if (store.mode === 'deaf' || !live()) return undefined
  if (store.link && !(await caughtUp(store.link))) return undefined
  // Checked again: the round trip may have brought a change that dropped it.
  const value = await live()?.value.catch(() => undefined)
  return (value ?? undefined) as T | undefined
}

/** Drops every entry carrying one of `tags` in this process. */
export const invalidateCache = (
  payload: Pick<Payload, 'config'>,
  tags: readonly CacheTag[],
): void => {
  const store = storeOf(payload)
  for (const tag of tags) store.generation.set(tag, (store.generation.get(tag) ?? 0) + 1)
  for (const [key, entry] of store.entries.entries()) {
    if (entry.tags.some((tag) => tags.includes(tag))) store.entries.delete(key)
  }
}

/** Drops everything (the listener lost its connection: changes may have been missed). */
export const clearCache = (payload: Pick<Payload, 'config'>): void => {
  const store = storeOf(payload)
  store.clearings += 1
  store.entries.clear()
}

export const setCacheMode = (
  payload: Pick<Payload, 'config'>,
  mode: CacheMode,
  link?: ListenerLink,
): void => {
  const store = storeOf(payload)
  store.mode = mode
  store.link = mode === 'listening' ? link : undefined
}

export const cacheMode = (payload: Pick<Payload, 'config'>): CacheMode => storeOf(payload).mode

/** Entries held now (for tests and the benchmark). */
export const cacheSize = (payload: Pick<Payload, 'config'>): number => storeOf(payload).entries.size

/**
 * Whether every change committed elsewhere before this call has reached this app server: at once
 * without a listener (one server), after the listener's round trip while it listens (whatever
 * `maxStaleMs` allows the public cache: the sign-in memo uses this, so a logout counts at once on
 * every server), never while it is cut off.
 */
export const syncedWithOtherInstances = async (
  payload: Pick<Payload, 'config'>,
): Promise<boolean> => {
  const store = storeOf(payload)
  if (store.mode === 'local') return true
  if (store.mode === 'deaf') return false
  return store.link ? settled(store.link.sync()) : true
}
