import type { Payload } from 'payload'

import type { TicketTypeDoc } from '../../src/documents'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { slugs } from '../../src/slugs'
import type { DocId } from '../../src/utilities/ids'
import { cached } from '../../src/utilities/publicCache'

/**
 * Ticket types as anyone reads them (a published event's, not hidden; null for one they cannot
 * read), in their `defaultPopulate` shape, from the public cache: changes to ticket types and
 * events clear it. The ones not cached are loaded together with ONE find. Their seat counters
 * change with every booking, so callers read them live: `withLiveTypeSeats`.
 */
export const cachedPublicTicketTypes = (
  payload: Payload,
  ids: DocId[],
): Promise<(null | TicketTypeDoc)[]> => {
  const missing: DocId[] = []
  let batch: Promise<Map<string, TicketTypeDoc>> | undefined
  // `cached` calls the loader synchronously on a miss: every miss is listed before the find.
  const load = (id: DocId) => {
    missing.push(id)
    batch ??= Promise.resolve().then(async () => {
      const { docs } = await payload.find({
        collection: slugs.ticketTypes,
        depth: 0,
        limit: missing.length,
        overrideAccess: false,
        pagination: false,
        select: payload.collections[slugs.ticketTypes]?.config.defaultPopulate,
        where: { id: { in: missing } },
      })
      return new Map(docs.map((doc) => [String(doc.id), doc as unknown as TicketTypeDoc]))
    })
    return batch.then((found) => found.get(String(id)) ?? null)
  }
  // Ids come from stored rows, never from a client: a type nobody may read is cached as null too.
  return Promise.all(
    ids.map((id) =>
      cached(payload, `ticket-type:${id}`, cacheTagsOf('ticketType'), () => load(id)),
    ),
  )
}
