/**
 * Database errors that are not the client's fault and not a bug either: the server is down or
 * restarting, a lock wait or a statement ran out of time, connections ran out. The client gets a
 * 503 with Retry-After and a message saying so (src/platform/requests/formatClientErrors.ts), never a 500 or 401.
 */
export type DatabaseFault = {
  message: string
  /** Seconds after which a retry is likely to succeed. */
  retryAfter: number
}

type ErrorLike = { cause?: unknown; code?: unknown; message?: unknown; originalError?: unknown }

const UNAVAILABLE: DatabaseFault = {
  message: 'The database is unavailable right now; try again in a few seconds.',
  retryAfter: 5,
}

/** By SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const bySqlState = (code: string): DatabaseFault | undefined => {
  if (code === '55P03') {
    return {
      message: 'The database is busy: a lock wait timed out (lock_timeout). Try again.',
      retryAfter: 1,
    }
  }
  if (code === '57014') {
    return {
      message: 'The database took too long to answer (statement_timeout). Try again.',
      retryAfter: 2,
    }
  }
  if (code === '40P01' || code === '40001') {
    return { message: 'The request collided with another one; try again.', retryAfter: 1 }
  }
  // 08: connection exception, 57P0x: shutdown/crash/starting, 53300: too many connections.
  if (code.startsWith('08') || /^57P0[1-4]$/.test(code) || code === '53300') return UNAVAILABLE
  return undefined
}

/** Errors of the driver and the pool: no connection, a dropped one, or none free in time. */
const CONNECTION_CODES = new Set([
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'ETIMEDOUT',
])
/**
 * The same faults by their words, for wrappers that keep only the message: Payload's
 * `cannot begin transaction: connect ECONNREFUSED 127.0.0.1:5432` has neither code nor cause.
 */
const CONNECTION_MESSAGES = new RegExp(
  [
    'timeout exceeded when trying to connect',
    'Connection terminated',
    'connection error and is not queryable',
    'Cannot use a pool after calling end',
    'the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)',
    'terminating connection due to administrator command',
    'sorry, too many clients already',
    `\\b(${[...CONNECTION_CODES].join('|')})\\b`,
  ].join('|'),
  'i',
)

/** The fault behind `error` (drizzle and Payload wrap the driver's error in `cause`), if any. */
export const databaseFault = (error: unknown): DatabaseFault | undefined => {
  let current: unknown = error
  for (let hops = 0; hops < 5 && current && typeof current === 'object'; hops++) {
    const { cause, code, message, originalError } = current as ErrorLike
    if (typeof code === 'string') {
      const fault = CONNECTION_CODES.has(code) ? UNAVAILABLE : bySqlState(code)
      if (fault) return fault
    }
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return UNAVAILABLE
    current = cause ?? originalError
  }
  return undefined
}
