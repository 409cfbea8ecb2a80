import type { Payload } from 'payload'

/** What the public site caches; hooks invalidate by these tags after every committed change. */
export const cacheTags = {
  events: 'events',
  forms: 'forms',
  media: 'media',
  pages: 'pages',
  settings: 'site-settings',
} as const
export type CacheTag = (typeof cacheTags)[keyof typeof cacheTags]

type Entry = { expiresAt: number; tags: readonly CacheTag[]; value: Promise<unknown> }
type Store = { entries: Map<string, Entry>; generation: Map<CacheTag, number> }

// On globalThis: Next bundles route groups separately, and every copy must see one cache. Keyed
// by the config: every Payload instance of one app (API routes, site pages) shares it.
const registry = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('payload-events-cms.cache')
] ??= new WeakMap<object, Store>()) as WeakMap<object, Store>

const storeOf = ({ config }: Payload): Store => {
  let store = registry.get(config)
  if (!store) {
    store = { entries: new Map(), generation: new Map() }
    registry.set(config, store)
  }
  return store
}

const generationsOf = (store: Store, tags: readonly CacheTag[]) =>
  tags.map((tag) => store.generation.get(tag) ?? 0).join(',')

/**
 * Memoizes `load` per app until one of `tags` is invalidated (or `ttlMs` passes). A load that started
 * before an invalidation is not kept, so a reader can never re-fill the cache with an old value.
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
  const hit = store.entries.get(key)
  if (hit && hit.expiresAt > Date.now()) return hit.value as Promise<T>
  const before = generationsOf(store, tags)
  const value = load()
  store.entries.set(key, { expiresAt: Date.now() + ttlMs, tags, value })
  let loaded: T
  try {
    loaded = await value
  } catch (error) {
    store.entries.delete(key)
    throw error
  }
  const stale = generationsOf(store, tags) !== before
  if ((stale || !keepIf(loaded)) && store.entries.get(key)?.value === value) {
    store.entries.delete(key)
  }
  return loaded
}

/** Drops every entry carrying one of `tags`. Call it after the change has committed. */
export const invalidateCache = (payload: Payload, tags: readonly CacheTag[]): void => {
  const store = storeOf(payload)
  for (const tag of tags) store.generation.set(tag, (store.generation.get(tag) ?? 0) + 1)
  for (const [key, entry] of store.entries) {
    if (entry.tags.some((tag) => tags.includes(tag))) store.entries.delete(key)
  }
}
