import { LRUCache } from 'lru-cache'
import type { Payload, TypedUser } from 'payload'

import { perApp } from './processWide'

/**
 * The accounts the platform's sign-in memo remembers per token (src/platform/signIn), and how to
 * forget them: shared core, because the domain forgets accounts too (an erased account's tokens
 * must stop working at once on every server).
 */
export type Remembered = { until: number; user: TypedUser; userId: string }

export type SignedInMemo = {
  byUser: Map<string, Set<string>>
  /** Counts forgetting: a lookup that saw it change meanwhile may have read the account before. */
  forgotten: number
  tokens: LRUCache<string, Remembered>
}

export const signedInMemoOf = perApp<SignedInMemo>('signedIn', () => ({
  byUser: new Map(),
  forgotten: 0,
  tokens: new LRUCache({ max: 10_000 }),
}))

/** Forgets every remembered token of these accounts (in this app server). */
export const forgetSignedIn = (
  payload: Pick<Payload, 'config'>,
  userIds: readonly string[],
): void => {
  const store = signedInMemoOf(payload)
  const { byUser, tokens } = store
  store.forgotten += 1
  for (const userId of userIds) {
    for (const key of byUser.get(userId) ?? []) tokens.delete(key)
    byUser.delete(userId)
  }
}

/** Forgets every remembered sign-in (the listener was cut off: a logout may have been missed). */
export const forgetAllSignedIn = (payload: Pick<Payload, 'config'>): void => {
  const store = signedInMemoOf(payload)
  store.forgotten += 1
  store.tokens.clear()
  store.byUser.clear()
}
