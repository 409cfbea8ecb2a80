import type { AuthStrategy, Payload } from 'payload'

import { syncedWithOtherInstances } from '../../utilities/publicCache'
import { JWT_STRATEGY, replaceAuthStrategy } from '../../utilities/payloadInternals'
import { signedInMemoOf } from '../../utilities/signedInMemo'

/**
 * Payload's JWT strategy loads the account behind a token with a full `findByID` on every
 * signed-in request, which is most of what a booking costs (measured on the bench data: a
 * signed-in `GET /api/users/me` and a booking both ~215 rps, an anonymous `/api/health` ~580).
 * This remembers, per token, the account Payload's strategy returned, for at most `rememberMs`
 * and never past the token's expiry. A change to the account anywhere (update, trash, delete,
 * logout) forgets it at once: on this app server after the commit, on every other through the
 * cache listener's NOTIFY (src/platform/cache/cacheListener.ts). A remembered account is used only
 * while this server listens, and only after the listener's round trip (like a public cache hit),
 * so a logout on one server is seen by the next request on any other. Tokens come from the
 * `Authorization` header only; cookies keep Payload's own CSRF checks on every request.
 */
/** When the token expires (its `exp`, read without verifying: Payload's strategy verified it). */
const expiresAt = (token: string): number => {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp?: number
    }
    return typeof claims.exp === 'number' ? claims.exp * 1000 : 0
  } catch {
    return 0
  }
}

/** Puts the remembering in front of Payload's JWT strategy. Call once the app has initialised. */
export const rememberSignedIn = (payload: Payload, rememberMs: number): void => {
  if (rememberMs <= 0) return
  replaceAuthStrategy(payload, JWT_STRATEGY, (strategy) =>
    remembering(payload, strategy, rememberMs),
  )
}

const remembering = (
  payload: Payload,
  strategy: AuthStrategy,
  rememberMs: number,
): AuthStrategy => {
  const store = signedInMemoOf(payload)
  const { byUser, tokens } = store
  const authenticate: AuthStrategy['authenticate'] = async (args) => {
    const header = args.headers.get('authorization') ?? ''
    const token = /^(?:JWT|Bearer) (.+)$/.exec(header)?.[1]
    if (!token) return strategy.authenticate(args)
    const key = `${header}\n${args.isGraphQL ? 1 : 0}\n${args.req?.locale ?? ''}\n${String(args.req?.fallbackLocale ?? '')}`
    const hit = tokens.get(key)
    if (hit && hit.until > Date.now()) {
      // Nothing forgotten during the round trip (it may bring a change that forgets accounts):
      // the account as remembered is still current. Not "is it still the same entry": under
      // concurrent requests of one token each fresh lookup replaced the entry, so every hit then
      // waiting failed that check and looked the account up again, which replaced it again (a
      // single token's 20 clients loaded the account on 88 of 100 requests: tests/signedIn.test.ts).
      const forgetsBefore = store.forgotten
      if ((await syncedWithOtherInstances(payload)) && store.forgotten === forgetsBefore)
        return { user: structuredClone(hit.user) }
    }
    const forgotten = store.forgotten
    const result = await strategy.authenticate(args)
    const user = result.user
    const unchanged = () => store.forgotten === forgotten
    if (
      user &&
      !result.responseHeaders &&
      (await syncedWithOtherInstances(payload)) &&
      unchanged()
    ) {
      const userId = String(user.id)
      tokens.set(key, {
        until: Math.min(Date.now() + rememberMs, expiresAt(token)),
        user: structuredClone(user),
        userId,
      })
      byUser.set(userId, (byUser.get(userId) ?? new Set()).add(key))
    }
    return result
  }
  return { ...strategy, authenticate }
}
