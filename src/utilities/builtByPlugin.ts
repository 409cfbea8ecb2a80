/**
 * Marks the hooks and access functions the plugin itself puts on a collection. A mark on the
 * function (a global symbol), not a module-level set: Next.js bundles the routes and the admin
 * separately, and a set in one bundle's copy of this module would not know the other's functions.
 */
const BUILT = Symbol.for('payload-events-cms.builtByPlugin')

export const builtByPlugin = <T extends object>(fn: T): T =>
  Object.assign(fn, { [BUILT]: true }) as T

export const isBuiltByPlugin = (fn: unknown): boolean =>
  typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[BUILT] === true

const AUDIT = Symbol.for('payload-events-cms.auditHook')

/** Marks the audit log's afterChange hook (the one-statement booking writes its row itself). */
export const auditHook = <T extends object>(fn: T): T =>
  builtByPlugin(Object.assign(fn, { [AUDIT]: true }) as T)

export const isAuditHook = (fn: unknown): boolean =>
  typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[AUDIT] === true
