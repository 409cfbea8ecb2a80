import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { ACTOR_PART } from './personalParts'

export const auditOrigins = ['rest', 'graphql', 'admin', 'local', 'job'] as const
export type AuditOrigin = (typeof auditOrigins)[number]

/** Set `req.context[AUDIT_ORIGIN] = 'job'` (jobs) to label writes that no person made. */
export const AUDIT_ORIGIN = 'auditOrigin'

const fromAdminPanel = (req: PayloadRequest): boolean => {
  const referer = req.headers?.get('referer')
  if (!referer) return false
  try {
    return new URL(referer).pathname.startsWith(req.payload.config.routes.admin)
  } catch {
    return false
  }
}

export const originOf = (req: PayloadRequest): AuditOrigin => {
  const declared = req.context?.[AUDIT_ORIGIN]
  if (declared === 'job' || declared === 'admin') return declared
  if (req.payloadAPI === 'GraphQL') return 'graphql'
  if (req.payloadAPI === 'REST') return fromAdminPanel(req) ? 'admin' : 'rest'
  // The admin panel also writes through the Local API on the server (server functions, and the
  // create view of an autosaved collection, which creates the draft while rendering). Those
  // requests carry the browser's headers with the admin's auth cookie; a script's carry none.
  const cookie = req.headers?.get('cookie') ?? ''
  const session = `${req.payload.config.cookiePrefix}-token=`
  if (cookie.includes(session) || req.headers?.has('next-action') || fromAdminPanel(req)) {
    return 'admin'
  }
  return 'local'
}

export const ipOf = (req: PayloadRequest): null | string => {
  const forwarded = req.headers?.get('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || req.headers?.get('x-real-ip') || null
}

export const userAgentOf = (req: PayloadRequest): null | string =>
  req.headers?.get('user-agent')?.slice(0, 500) ?? null

/**
 * An audit row made from the same network address as `req` (its `$actor` part; null matches
 * null): what throttles that count a client's recent actions from the log filter on.
 */
export const fromSameClientSql = (req: PayloadRequest) =>
  sql`${sql.raw(`changes->'${ACTOR_PART}'->>'ip'`)} IS NOT DISTINCT FROM ${ipOf(req)}`
