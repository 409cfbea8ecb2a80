import { sql } from '@payloadcms/db-postgres'
import type { CollectionAfterChangeHook } from 'payload'

import { transactionDb } from '../src/utilities/transactionDb'

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
