import type { PayloadRequest } from 'payload'

export const auditOrigins = ['rest', 'graphql', 'admin', 'local', 'job'] as const
export type AuditOrigin = (typeof auditOrigins)[number]

/** Set `req.context[AUDIT_ORIGIN] = 'job'` (jobs) to label writes that no person made. */
export const AUDIT_ORIGIN = 'auditOrigin'

export const originOf = (req: PayloadRequest): AuditOrigin => {
  const declared = req.context?.[AUDIT_ORIGIN]
  if (declared === 'job' || declared === 'admin') return declared
  if (req.payloadAPI === 'GraphQL') return 'graphql'
  if (req.payloadAPI === 'REST') {
    const referer = req.headers?.get('referer') ?? ''
    return referer.includes('/admin') ? 'admin' : 'rest'
  }
  return 'local'
}

export const ipOf = (req: PayloadRequest): null | string => {
  const forwarded = req.headers?.get('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || req.headers?.get('x-real-ip') || null
}

export const userAgentOf = (req: PayloadRequest): null | string =>
  req.headers?.get('user-agent')?.slice(0, 500) ?? null
