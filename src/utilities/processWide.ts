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
