const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are UUIDs (`idType: 'uuid'`); anything else must be a 400, not a PostgreSQL cast error. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value)
