import type { PayloadRequest } from 'payload'

import type { DocId } from './ids'

/**
 * One query for all the documents one request reads: Payload runs the field hooks of every
 * document in a list before any I/O resolves, so the ids asked for within one turn of the event
 * loop are loaded together by `load` (given them as strings), and each caller gets its own row.
 */
export const batchPerRequest = <T>(
  load: (req: PayloadRequest, ids: Set<string>) => Promise<Map<string, T>>,
) => {
  type Batch = { ids: Set<string>; result: Promise<Map<string, T>>; started: boolean }
  const batches = new WeakMap<PayloadRequest, Batch>()
  return (req: PayloadRequest, id: DocId): Promise<T | undefined> => {
    let batch = batches.get(req)
    if (!batch || batch.started) {
      const fresh: Batch = {
        ids: new Set(),
        result: new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          fresh.started = true
          return load(req, fresh.ids)
        }),
        started: false,
      }
      batches.set(req, (batch = fresh))
    }
    batch.ids.add(String(id))
    return batch.result.then((found) => found.get(String(id)))
  }
}
