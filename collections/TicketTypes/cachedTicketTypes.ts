import type { Payload } from 'payload'

import type { TicketTypeDoc } from '../../src/documents'
import { cacheTagsOf } from '../../src/site/cacheDependencies'
import { slugs } from '../../src/slugs'
import type { DocId } from '../../src/utilities/ids'
import { cachedAnonymousDocs } from '../../src/site/cachedAnonymousDocs'

/**
 * Ticket types as anyone reads them (a published event's, not hidden; null for one they cannot
 * read), in their `defaultPopulate` shape, from the public cache: changes to ticket types and
 * events clear it. Their seat counters
 * change with every booking, so callers read them live: `withLiveTypeSeats`.
 */
export const cachedPublicTicketTypes = (
  payload: Payload,
  ids: DocId[],
): Promise<(null | TicketTypeDoc)[]> =>
  cachedAnonymousDocs<TicketTypeDoc>(payload, ids, {
    collection: slugs.ticketTypes,
    depth: 0,
    // Ids come from stored rows, never from a client: a type nobody may read is cached as null.
    keepUnreadable: true,
    keyOf: (id) => `ticket-type:${id}`,
    select: payload.collections[slugs.ticketTypes]?.config.defaultPopulate,
    tags: cacheTagsOf('ticketType'),
  })
