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

type Source = 'tags' | 'venues'

const changed = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)

/**
 * Venue names/cities and tag names are part of every linked event's search vector: when one is
 * renamed, rebuild those events' vectors in the same transaction (one statement).
 */
export const refreshEventSearchOnRename =
  (source: Source): CollectionAfterChangeHook =>
  async ({ doc, operation, previousDoc, req }) => {
    if (operation !== 'update') return doc
    const renamed =
      changed(doc.name, previousDoc?.name) ||
      (source === 'venues' && changed(doc.address?.city, previousDoc?.address?.city))
    if (!renamed) return doc
    const db = await transactionDb(req)
    await db.execute(
      source === 'venues'
        ? sql`SELECT events_search_refresh(ARRAY(SELECT id FROM events WHERE venue_id = ${doc.id}))`
        : sql`SELECT events_search_refresh(ARRAY(
            SELECT parent_id FROM events_rels WHERE tags_id = ${doc.id} AND path = 'tags'))`,
    )
    return doc
  }
