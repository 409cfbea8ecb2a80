/**
 * What one API request may ask of the server. Every limit answers with a 4xx naming itself; all
 * are plugin options (`limits`), documented in the README's "Limits" table.
 */
export type RequestLimits = {
  /** Largest JSON body from a signed-in client, in bytes (the route guard reads no further). */
  bodyBytes: number
  /** Largest JSON body from an anonymous client (sign-up, form submissions, login), in bytes. */
  anonymousBodyBytes: number
  /** Deepest nesting of objects and arrays in a JSON body or a `where` query. */
  jsonDepth: number
  /** Longest single string (a field value, a query value), in characters. */
  stringLength: number
  /** Largest `limit` (page size) of a list read; larger values are capped to it. */
  pageSize: number
  /** Highest `page` of a list read (bounds the OFFSET PostgreSQL has to skip). */
  page: number
  /** Largest `depth` (relationship population) of a read. */
  depth: number
  /** Most values in one `in`, `not_in` or `all` list of a `where` query. */
  listValues: number
  /** Longest URL (path and query string), in bytes. */
  urlBytes: number
  /** Milliseconds a read (GET, GraphQL query) may take before the client gets a 503. */
  readTimeMs: number
  graphQL: {
    /** Most aliased fields in one GraphQL document. */
    aliases: number
    /** Most fields selected in one document, fragments expanded. */
    fields: number
    /** Deepest selection nesting. */
    depth: number
    /** Most top-level fields (collection queries or mutations) in one operation. */
    rootFields: number
    /** Most tokens in one document (bounds the parse itself; the introspection query has ~300). */
    tokens: number
  }
}

export type RequestLimitsOption = Partial<Omit<RequestLimits, 'graphQL'>> & {
  graphQL?: Partial<RequestLimits['graphQL']>
}

export const defaultLimits: RequestLimits = {
  anonymousBodyBytes: 64 * 1024,
  bodyBytes: 2 * 1024 * 1024,
  depth: 5,
  graphQL: { aliases: 20, depth: 12, fields: 500, rootFields: 10, tokens: 10_000 },
  jsonDepth: 64,
  listValues: 500,
  page: 10_000,
  pageSize: 100,
  readTimeMs: 20_000,
  stringLength: 100_000,
  urlBytes: 8 * 1024,
}

export const resolveLimits = (option: RequestLimitsOption = {}): RequestLimits => {
  const { graphQL, ...rest } = option
  const resolved = {
    ...defaultLimits,
    ...rest,
    graphQL: { ...defaultLimits.graphQL, ...graphQL },
  }
  for (const [name, value] of Object.entries({ ...resolved, ...resolved.graphQL })) {
    if (typeof value === 'number' && !(Number.isInteger(value) && value > 0)) {
      throw new Error(
        `payload-events-cms: limits.${name} must be a positive integer (got ${value})`,
      )
    }
  }
  return resolved
}
