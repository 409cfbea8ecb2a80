import { LRUCache } from 'lru-cache'
import type { AuthStrategy, Payload, TypedUser } from 'payload'

import { processWide } from '../utilities/processWide'
import { syncedWithOtherInstances } from '../utilities/publicCache'

/**
 * Payload's JWT strategy loads the account behind a token with a full `findByID` on every
 * signed-in request, which is most of what a booking costs (measured on the bench data: a
 * signed-in `GET /api/users/me` and a booking both ~215 rps, an anonymous `/api/health` ~580).
 * This remembers, per token, the account Payload's strategy returned, for at most `rememberMs`
 * and never past the token's expiry. A change to the account anywhere (update, trash, delete,
 * logout) forgets it at once: on this app server after the commit, on every other through the
 * cache listener's NOTIFY (src/utilities/cacheListener.ts). A remembered account is used only
 * while this server listens, and only after the listener's round trip (like a public cache hit),
 * so a logout on one server is seen by the next request on any other. Tokens come from the
 * `Authorization` header only; cookies keep Payload's own CSRF checks on every request.
 */
type Remembered = { until: number; user: TypedUser; userId: string }

type Store = {
  byUser: Map<string, Set<string>>
  /** Counts forgetting: a lookup that saw it change meanwhile may have read the account before. */
  forgotten: number
  tokens: LRUCache<string, Remembered>
}

const stores = processWide('signedIn', () => new WeakMap<object, Store>())

const storeOf = (payload: Pick<Payload, 'config'>): Store => {
  let store = stores.get(payload.config)
  if (!store) {
    store = { byUser: new Map(), forgotten: 0, tokens: new LRUCache({ max: 10_000 }) }
    stores.set(payload.config, store)
  }
  return store
}

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

/** Forgets every remembered token of these accounts (in this app server). */
export const forgetSignedIn = (
  payload: Pick<Payload, 'config'>,
  userIds: readonly string[],
): void => {
  const store = storeOf(payload)
  const { byUser, tokens } = store
  store.forgotten += 1
  for (const userId of userIds) {
    for (const key of byUser.get(userId) ?? []) tokens.delete(key)
    byUser.delete(userId)
  }
}

/** Forgets every remembered sign-in (the listener was cut off: a logout may have been missed). */
export const forgetAllSignedIn = (payload: Pick<Payload, 'config'>): void => {
  const store = storeOf(payload)
  store.forgotten += 1
  store.tokens.clear()
  store.byUser.clear()
}

/** Puts the remembering in front of Payload's JWT strategy. Call once the app has initialised. */
export const rememberSignedIn = (payload: Payload, rememberMs: number): void => {
  const index = payload.authStrategies.findIndex(({ name }) => name === 'local-jwt')
  const strategy = payload.authStrategies[index]
  if (!strategy || rememberMs <= 0) return
  const store = storeOf(payload)
  const { byUser, tokens } = store
  const authenticate: AuthStrategy['authenticate'] = async (args) => {
    const header = args.headers.get('authorization') ?? ''
    const token = /^(?:JWT|Bearer) (.+)$/.exec(header)?.[1]
    if (!token) return strategy.authenticate(args)
    const key = `${header}\n${args.isGraphQL ? 1 : 0}\n${args.req?.locale ?? ''}\n${String(args.req?.fallbackLocale ?? '')}`
    const hit = tokens.get(key)
    if (hit && hit.until > Date.now() && (await syncedWithOtherInstances(payload))) {
      // Checked again: the round trip may have brought a change that forgot it.
      if (tokens.get(key) === hit) return { user: structuredClone(hit.user) }
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
  payload.authStrategies[index] = { ...strategy, authenticate }
}
