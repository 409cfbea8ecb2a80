import { sql } from '@payloadcms/db-postgres'
import type { CollectionAfterChangeHook } from 'payload'

import type { Event } from '../../payload-types'
import { transactionDb } from '../../src/utilities/transactionDb'

/**
 * Rebuilds the event's full-text vector (title, description, venue, tags) in the same transaction.
 * It runs after Payload has written the tags relation rows, which a row trigger would not see.
 */
export const refreshSearchAfterChange: CollectionAfterChangeHook<Event> = async ({ doc, req }) => {
  const db = await transactionDb(req)
  await db.execute(sql`SELECT events_search_refresh(ARRAY[${doc.id}]::uuid[])`)
  return doc
}
