import type { Payload } from 'payload'

import { slugs } from '../../../src/slugs'
import { isAuditHook, isBuiltByPlugin } from '../../../src/utilities/builtByPlugin'

/** The bookings fields the one-statement path writes (top level), besides Payload's own. */
const writtenFields = new Set([
  'reference',
  'event',
  'user',
  'lines',
  'seats',
  'status',
  'unitPrice',
  'currency',
  'totalPrice',
  'expiresAt',
  'paymentReference',
  'idempotencyKey',
  'contactSnapshot',
])
const frameworkFields = new Set(['id', 'createdAt', 'updatedAt', 'auditHistory'])
const createHooks = [
  'beforeOperation',
  'beforeValidate',
  'beforeChange',
  'afterChange',
  'beforeRead',
  'afterRead',
  'afterOperation',
] as const

export type DirectPath = { audited: boolean } | false
const known = new WeakMap<object, DirectPath>()

/**
 * Whether a booking may be made with the one statement (bookDirectly) instead of Payload's create:
 * only while the bookings collection is exactly what the plugin built. An app's (or another
 * plugin's) hook, field or create access on bookings sends every booking through Payload's create,
 * which runs them, with the same claim, prices and messages.
 */
export const directPath = (payload: Payload): DirectPath => {
  const config = payload.collections[slugs.bookings]?.config
  if (!config) return false
  const cached = known.get(config)
  if (cached !== undefined) return cached
  const hooks = createHooks.flatMap((kind) => (config.hooks[kind] ?? []) as unknown[])
  const names = config.flattenedFields
    .map(({ name }: { name: string }) => name)
    .filter((name: string) => !frameworkFields.has(name))
  const result: DirectPath =
    hooks.every(isBuiltByPlugin) &&
    isBuiltByPlugin(config.access.create) &&
    names.length === writtenFields.size &&
    names.every((name: string) => writtenFields.has(name))
      ? { audited: (config.hooks.afterChange ?? []).some(isAuditHook) }
      : false
  known.set(config, result)
  return result
}
