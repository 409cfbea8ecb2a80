import { randomUUID } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { afterCommit } from './afterCommit'
import { type CacheTag, invalidateCache } from './publicCache'
import { perApp } from './processWide'
import { forgetSignedIn } from './signedInMemo'
import { openTransactionDb, postgresAdapter } from './transactionDb'

/**
 * Every app server keeps its own public cache; a change made through one must clear it in all.
 * The writer NOTIFYs inside its transaction, so PostgreSQL delivers the message only if and when
 * the change commits; every instance LISTENs on a dedicated connection. A listener that loses its
 * connection clears everything, keeps nothing until it is back (it could miss a message), and
 * reconnects with back-off; on reconnecting it clears everything again.
 */
export const CACHE_CHANNEL = 'events_cms_cache'
/** The listening connection's application_name (pg_stat_activity shows it). */
export const LISTENER_NAME = 'events-cms-cache-listener'

/** Each app instance's own id, so that it does not clear its cache twice for its own messages. */
export const instanceIdOf = perApp('cacheInstanceIds', () => randomUUID())

/** Tags of the public cache to drop, and accounts whose remembered sign-ins to forget. */
export type CacheMessage = { from: string; tags: CacheTag[]; users?: string[] }

/** A message another instance sent, or undefined when it is not one (any client may NOTIFY). */
export const parseCacheMessage = (payload: string | undefined): CacheMessage | undefined => {
  try {
    const message = JSON.parse(payload ?? '') as Partial<CacheMessage>
    if (typeof message.from !== 'string' || !Array.isArray(message.tags)) return undefined
    return {
      from: message.from,
      // Any database client may NOTIFY: tags are bounded (each one is kept as a counter).
      tags: message.tags
        .filter((tag): tag is CacheTag => typeof tag === 'string' && tag.length <= 64)
        .slice(0, 32),
      users: Array.isArray(message.users) ? message.users.map(String) : [],
    }
  } catch {
    return undefined
  }
}

/**
 * Tells every other instance to drop `tags` (and forget `users`' remembered sign-ins) once the
 * request's change commits (immediately when it runs outside a transaction: the change is then
 * committed already). Writers call `announceChange`, which also clears this instance.
 */
export const notifyCacheChange = async (
  req: PayloadRequest,
  tags: readonly CacheTag[],
  users: readonly string[] = [],
): Promise<void> => {
  const db = (await openTransactionDb(req)) ?? postgresAdapter(req).drizzle
  const message = JSON.stringify({
    from: instanceIdOf(req.payload),
    tags: [...tags],
    ...(users.length ? { users: [...users] } : {}),
  } satisfies CacheMessage)
  await db.execute(sql`SELECT pg_notify(${CACHE_CHANNEL}, ${message})`)
}

/**
 * A committed change, announced: this instance drops the cached answers tagged `tags` and forgets
 * `users`' remembered sign-ins after the commit, every other instance at the commit (NOTIFY, read
 * by the platform's cache listener). The one call every writer makes (collection hooks through
 * src/site/cacheDependencies.ts, raw-SQL jobs, erasure).
 */
export const announceChange = async (
  req: PayloadRequest,
  { tags = [], users = [] }: { tags?: readonly CacheTag[]; users?: readonly string[] },
): Promise<void> => {
  if (tags.length === 0 && users.length === 0) return
  await notifyCacheChange(req, tags, users)
  await afterCommit(req, () => {
    if (tags.length) invalidateCache(req.payload, tags)
    if (users.length) forgetSignedIn(req.payload, users)
  })
}
