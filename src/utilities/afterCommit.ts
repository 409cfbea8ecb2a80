import type { PayloadRequest } from 'payload'

import { transactionSessionOf } from './payloadInternals'

/**
 * Runs `task` once the request's transaction has committed, or at once when there is none (the
 * write is then already durable). Payload has no afterCommit hook and its after* hooks run before
 * the commit, so mail sent or a cache cleared there could describe a write that later rolls back,
 * or be re-filled from the old row before the commit lands. A rollback never runs `task`.
 */
export const afterCommit = async (
  req: PayloadRequest,
  task: () => Promise<void> | void,
): Promise<void> => {
  const run = async () => {
    try {
      await task()
    } catch (err) {
      req.payload.logger.error({ err, msg: 'events-cms: an after-commit task failed' })
    }
  }
  const session = await transactionSessionOf(req)
  if (!session) {
    await run()
    return
  }
  // db-postgres commits by calling the session's `resolve`, which returns the finished
  // transaction's promise; chaining keeps every earlier after-commit task too.
  const commit = session.resolve
  session.resolve = async () => {
    const done = await commit()
    await run()
    return done
  }
}
