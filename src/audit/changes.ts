import { canonicalJson } from './hash'

/** Never stored, whatever collection they appear in. */
const SECRET_FIELDS = new Set([
  'password',
  'hash',
  'salt',
  'resetPasswordToken',
  'resetPasswordExpiration',
  'apiKey',
  'apiKeyIndex',
  '_verificationToken',
  'sessions',
  'token',
])
/** Bookkeeping that changes on every write and says nothing. */
const IGNORED_FIELDS = new Set(['updatedAt', 'createdAt', 'loginAttempts', 'lockUntil'])

export const MAX_CHANGES_BYTES = 64 * 1024
export const REDACTED = '[redacted]'

type Doc = Record<string, unknown> | null | undefined
export type Changes = Record<string, { from: unknown; to: unknown }>

/** A populated relationship or upload: a stored document (it has timestamps), not a block or row. */
const isPopulatedDocument = (value: object): boolean =>
  'id' in value && ('createdAt' in value || 'updatedAt' in value) && !('blockType' in value)

/**
 * What a value is compared (and recorded) as: a populated document by its id (the id is what
 * changed), blocks and array rows by their content, so an edited block is a change.
 */
const comparable = (value: unknown, depth = 0): unknown => {
  if (!value || typeof value !== 'object' || depth > 32) return value
  if (Array.isArray(value)) return value.map((item) => comparable(item, depth + 1))
  if (isPopulatedDocument(value)) return (value as { id: unknown }).id
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, comparable(item, depth + 1)]),
  )
}

/** Per changed top-level field `{from, to}`, secrets redacted, capped at 64 KB. */
export const diffDocuments = (
  before: Doc,
  after: Doc,
): Changes | { truncated: true; fields: string[] } => {
  const changes: Changes = {}
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  for (const field of fields) {
    if (IGNORED_FIELDS.has(field) || field === 'id') continue
    const from = comparable(before?.[field] ?? null)
    const to = comparable(after?.[field] ?? null)
    if (canonicalJson(from) === canonicalJson(to)) continue
    changes[field] = SECRET_FIELDS.has(field) ? { from: REDACTED, to: REDACTED } : { from, to }
  }
  if (Buffer.byteLength(JSON.stringify(changes)) > MAX_CHANGES_BYTES) {
    return { fields: Object.keys(changes), truncated: true }
  }
  return changes
}
