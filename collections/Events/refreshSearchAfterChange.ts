import { sql } from '@payloadcms/db-postgres'
import type { CollectionAfterChangeHook } from 'payload'

import { canonicalJson } from '../../src/audit/hash'
import type { EventDoc } from '../../src/documents'
import { settingsOf } from '../../src/settings'
import { idOf, pgIdType } from '../../src/utilities/ids'
import { transactionDb } from '../../src/utilities/transactionDb'

/** What the search vector is built from; other edits (status, capacity, price) leave it as is. */
const searchedContent = (event: EventDoc | undefined) =>
  canonicalJson({
    description: event?.description ?? null,
    tags: (event?.tags ?? []).map(idOf),
    title: event?.title ?? null,
    venue: idOf(event?.venue) ?? null,
  })

/**
 * Rebuilds the event's full-text vector (title, description, venue, tags) in the same transaction.
 * It runs after Payload has written the tags relation rows, which a row trigger would not see.
 */
export const refreshSearchAfterChange: CollectionAfterChangeHook<EventDoc> = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (operation === 'update' && searchedContent(previousDoc) === searchedContent(doc)) return doc
  const db = await transactionDb(req)
  const idType = sql.raw(pgIdType(settingsOf(req.payload).idType))
  await db.execute(sql`SELECT events_search_refresh(ARRAY[${doc.id}]::${idType}[])`)
  return doc
}
