import type { Payload } from 'payload'

/**
 * State that must exist once per process. Next.js bundles the API routes, the site's pages and the
 * admin panel separately, and each bundle has its own copy of every module: module-level state
 * would split in two, and whichever bundle started Payload first (its hooks, auth strategies and
 * `onInit`) would keep its half to itself while the other bundle's routes read the empty one. Every
 * module-level Map, WeakMap or AsyncLocalStorage that hooks and routes share goes through this.
 */
export const processWide = <T>(name: string, create: () => T): T => {
  const registry = globalThis as Record<symbol, unknown>
  const key = Symbol.for(`payload-events-cms.${name}`)
  return (registry[key] ??= create()) as T
}

/**
 * One `T` per app, process-wide: keyed by the app's config, so every Payload instance of one app
 * (API routes, site pages, admin) shares it, and two apps in one process (tests) do not.
 */
export const perApp = <T>(
  name: string,
  create: (payload: Pick<Payload, 'config'>) => T,
): ((payload: Pick<Payload, 'config'>) => T) => {
  const registry = processWide(name, () => new WeakMap<object, T>())
  return (payload) => {
    let value = registry.get(payload.config)
    if (value === undefined) {
      value = create(payload)
      registry.set(payload.config, value)
    }
    return value
  }
}
