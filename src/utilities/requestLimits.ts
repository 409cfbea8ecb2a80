/**
 * What one API request may ask of the server. Every limit answers with a 4xx naming itself; all
 * are plugin options (`limits`), documented in docs/limits.md.
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
  /**
   * Reads without credentials (GET, GraphQL queries) run in a bounded lane so that a flood of them
   * cannot starve signed-in requests such as bookings: `concurrency` at once, `queue` waiting, and
   * any further one gets a 503 with Retry-After at once.
   */
  anonymousReads: {
    concurrency: number
    queue: number
  }
  /**
   * Requests that carry a password (sign-in, registration, password reset or change, erasure)
   * run in a lane of their own: each costs ~130 ms of PBKDF2 on libuv's four threads, which new
   * database connections need too. `concurrency` at once per app server, `queue` waiting up to
   * `waitMs`; beyond that a 503 with Retry-After.
   */
  passwordChecks: {
    concurrency: number
    queue: number
    waitMs: number
  }
  /**
   * Failed logins (counted from the audit log's `login_failed` rows, so every app server and a
   * restart see the same count) before further attempts get a 429 until the window has passed.
   */
  login: {
    /** Failures for one account from one address. */
    perAccountAndAddress: number
    /** Failures from one address, whatever the accounts. */
    perAddress: number
    /** The window the failures are counted in, in seconds. */
    windowSeconds: number
  }
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

export type RequestLimitsOption = Partial<
  Omit<RequestLimits, 'anonymousReads' | 'graphQL' | 'login' | 'passwordChecks'>
> & {
  anonymousReads?: Partial<RequestLimits['anonymousReads']>
  graphQL?: Partial<RequestLimits['graphQL']>
  login?: Partial<RequestLimits['login']>
  passwordChecks?: Partial<RequestLimits['passwordChecks']>
}

export const defaultLimits: RequestLimits = {
  anonymousBodyBytes: 64 * 1024,
  anonymousReads: { concurrency: 4, queue: 500 },
  bodyBytes: 2 * 1024 * 1024,
  depth: 5,
  graphQL: { aliases: 20, depth: 12, fields: 500, rootFields: 10, tokens: 10_000 },
  jsonDepth: 64,
  login: { perAccountAndAddress: 10, perAddress: 100, windowSeconds: 15 * 60 },
  listValues: 500,
  page: 10_000,
  pageSize: 100,
  passwordChecks: { concurrency: 2, queue: 1000, waitMs: 60_000 },
  readTimeMs: 20_000,
  stringLength: 100_000,
  urlBytes: 8 * 1024,
}

/** An option object without its unset keys (an explicit `undefined` keeps the default). */
const given = <T extends object>(values: T | undefined): Partial<T> =>
  Object.fromEntries(
    Object.entries(values ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>

export const resolveLimits = (option: RequestLimitsOption = {}): RequestLimits => {
  const { anonymousReads, graphQL, login, passwordChecks, ...rest } = option
  const resolved = {
    ...defaultLimits,
    ...given(rest),
    anonymousReads: { ...defaultLimits.anonymousReads, ...given(anonymousReads) },
    graphQL: { ...defaultLimits.graphQL, ...given(graphQL) },
    login: { ...defaultLimits.login, ...given(login) },
    passwordChecks: { ...defaultLimits.passwordChecks, ...given(passwordChecks) },
  }
  const groups = {
    '': resolved,
    'anonymousReads.': resolved.anonymousReads,
    'graphQL.': resolved.graphQL,
    'login.': resolved.login,
    'passwordChecks.': resolved.passwordChecks,
  }
  for (const [prefix, group] of Object.entries(groups)) {
    for (const [name, value] of Object.entries(group)) {
      if (typeof value === 'object' || (Number.isInteger(value) && value > 0)) continue
      throw new Error(
        `payload-events-cms: limits.${prefix}${name} must be a positive integer (got ${String(value)})`,
      )
    }
  }
  return resolved
}
