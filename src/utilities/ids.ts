/** How the app's db-postgres adapter makes ids (`idType`): integers from a sequence, or UUIDs. */
export type IdType = 'serial' | 'uuid'
export type DocId = number | string

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_SERIAL = 2_147_483_647

/** The PostgreSQL type of every id column (and of SQL function arguments taking ids). */
export const pgIdType = (idType: IdType): 'integer' | 'uuid' =>
  idType === 'uuid' ? 'uuid' : 'integer'

/**
 * The id as the adapter stores it, or undefined when `value` cannot be one: a malformed id must be
 * a 400, never a PostgreSQL cast error. Serial ids arrive as numbers or as digits in a URL.
 */
export const parseId = (value: unknown, idType: IdType): DocId | undefined => {
  if (idType === 'uuid') return typeof value === 'string' && UUID.test(value) ? value : undefined
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,10}$/.test(value)
        ? Number(value)
        : NaN
  return Number.isInteger(number) && number >= 1 && number <= MAX_SERIAL ? number : undefined
}

/** The id of a relationship value, whether it arrived as an id or as a populated document. */
export const idOf = (value: unknown): DocId | undefined => {
  if (typeof value === 'string' || typeof value === 'number') return value
  if (value && typeof value === 'object' && 'id' in value) {
    const { id } = value as { id: unknown }
    if (typeof id === 'string' || typeof id === 'number') return id
  }
  return undefined
}

/** Whether two relationship values point at the same document (ids compared as text). */
export const sameId = (a: unknown, b: unknown): boolean => String(idOf(a)) === String(idOf(b))
