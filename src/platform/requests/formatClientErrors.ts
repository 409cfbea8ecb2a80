import type { AfterErrorHook } from 'payload'

import { databaseFault } from '../database/databaseFaults'
import { reportDatabaseFault } from './requestFaults'

type ErrorShape = {
  cause?: unknown
  code?: unknown
  constraint?: unknown
  data?: unknown
  message?: unknown
  originalError?: unknown
  status?: unknown
}

const clientStatus = (error: ErrorShape): number | undefined =>
  typeof error.status === 'number' && error.status >= 400 && error.status < 500
    ? error.status
    : undefined

/** PostgreSQL errors that only a client's value can cause (SQLSTATE), with the status to answer. */
const inputErrorStatus = (code: string): number | undefined => {
  if (code.startsWith('22')) return 400 // data exception: bad syntax, out of range, NUL, too long
  if (code === '23502' || code === '23514' || code === '54000') return 400 // not null, CHECK, index row size
  if (code === '23503') return 409 // foreign key: the referenced document does not exist (anymore)
  if (code === '23505') return 409 // unique: e.g. a second open waiting-list entry (a race)
  if (code === '23P01') return 409 // exclusion: e.g. a resource's time already taken
  return undefined
}

/** The PostgreSQL error behind a query error (drizzle wraps it in `cause`), if it is the client's. */
const databaseInputError = (error: ErrorShape): { message: string; status: number } | undefined => {
  let current: unknown = error
  for (let hops = 0; hops < 4 && current && typeof current === 'object'; hops++) {
    const { cause, code, constraint, message } = current as ErrorShape
    const status = typeof code === 'string' ? inputErrorStatus(code) : undefined
    if (status && typeof message === 'string') {
      const rule = typeof constraint === 'string' ? ` (rule ${constraint})` : ''
      return { message: `The database refused a value: ${message}${rule}.`, status }
    }
    current = cause
  }
  return undefined
}

/**
 * One error response for every client error, in dev and in the production build. Payload's
 * formatter recognises its errors with `instanceof` and by class name; in the production bundle
 * both can fail (payload is bundled into more than one chunk and minification empties class
 * names), and every 4xx then reads "An unknown error occurred." without its `data`. This keeps
 * message and data of any error that carries a 4xx status, and turns a PostgreSQL refusal that
 * only a client's value can cause (a check that missed a case) into a 400/409 instead of a 500.
 * A database that is down, restarting or out of time (src/platform/database/databaseFaults.ts) is a 503.
 */
export const formatClientErrors: AfterErrorHook = ({ error, graphqlResult, result }) => {
  const shape = error as ErrorShape
  const original = (graphqlResult ? shape.originalError : shape) as ErrorShape | undefined
  if (!original) return
  const fault = clientStatus(original) ? undefined : databaseFault(original)
  if (fault) {
    // The route wrapper adds Retry-After (src/platform/requests/guardRequest.ts).
    reportDatabaseFault(fault)
    const data = { retryAfter: fault.retryAfter }
    return graphqlResult
      ? {
          graphqlResult: {
            ...graphqlResult,
            extensions: { ...graphqlResult.extensions, data, statusCode: 503 },
            message: fault.message,
          },
        }
      : { response: { errors: [{ data, message: fault.message }] }, status: 503 }
  }
  const status = clientStatus(original)
  const refused = status ? undefined : databaseInputError(original)
  if (!status && !refused) return
  const message = refused?.message ?? String(original.message ?? 'The request was refused.')
  const data = refused
    ? undefined
    : ((original.data ?? undefined) as Record<string, unknown> | undefined)
  // Already complete (dev, or an app's own collection hook shaped it): leave it.
  const first = (result as { errors?: { data?: unknown; message?: unknown }[] } | undefined)
    ?.errors?.[0]
  if (!refused && !graphqlResult && first?.message === message && (!data || first.data)) return
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        extensions: { ...graphqlResult.extensions, data, statusCode: status ?? refused?.status },
        message,
      },
    }
  }
  return {
    response: { errors: [{ ...(data ? { data } : {}), message }] },
    status: status ?? refused?.status,
  }
}
