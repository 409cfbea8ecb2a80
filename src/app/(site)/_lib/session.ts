import { cookies, headers } from 'next/headers'
import { createLocalReq, type PayloadRequest, type TypedUser } from 'payload'
import { cache } from 'react'

import { sitePayload } from './payload'

/**
 * The signed-in visitor (Payload's cookie or Authorization header), or null. Once per request:
 * the layout and the page ask the same question (React's `cache`).
 */
export const currentUser = cache(async (): Promise<null | TypedUser> => {
  const payload = await sitePayload()
  return (await payload.auth({ headers: await headers() })).user
})

/**
 * A request for the plugin's operations as this visitor: their account and the request's headers
 * (the sign-in throttle and the audit log read the address from them).
 */
export const siteRequest = async (user: null | TypedUser = null): Promise<PayloadRequest> => {
  const req = await createLocalReq({ user: user ?? undefined }, await sitePayload())
  req.headers = await headers()
  return req
}

const cookieName = async () => `${(await sitePayload()).config.cookiePrefix}-token`

/**
 * Signs the visitor in: Payload's own cookie (what /admin and /api read), HTTP-only, until the
 * token's `exp` (epoch seconds; without one, the collection's token lifetime).
 */
export const setSessionCookie = async (token: string, exp?: number) => {
  const payload = await sitePayload()
  const auth = payload.collections.users?.config.auth
  const sameSite = auth?.cookies?.sameSite
  const expires = exp ? exp * 1000 : Date.now() + (auth?.tokenExpiration ?? 7200) * 1000
  ;(await cookies()).set(await cookieName(), token, {
    expires: new Date(expires),
    httpOnly: true,
    path: '/',
    sameSite: typeof sameSite === 'string' ? (sameSite.toLowerCase() as 'lax') : 'lax',
    secure: auth?.cookies?.secure ?? false,
  })
}

export const clearSessionCookie = async () => {
  ;(await cookies()).delete(await cookieName())
}
