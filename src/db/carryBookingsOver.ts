import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { ticketCode, ticketCodeHash, ticketCodeKey } from '../tickets/ticketCodes'
import { readableCode } from '../utilities/readableCode'
import { pgArray } from '../utilities/sqlValues'
import type { SqlExecutor } from './databaseRules'
import { idSql, type RuleContext } from './ruleContext'

const BATCH = 2000

type Rows<T> = { rows: T[] }
const query = async <T>(db: SqlExecutor, text: ReturnType<typeof sql>) =>
  ((await db.execute(text)) as Rows<T>).rows

/**
 * Bookings made before ticket types get what every booking has now: a reference, one line (the
 * event's own price: the implicit ticket type) and one ticket per seat with its code's hash.
 * Idempotent and in batches, so an upgrade of a large database neither repeats work nor holds
 * everything in memory.
 */
export const carryBookingsOver = async (
  db: SqlExecutor,
  payload: Pick<Payload, 'config' | 'secret'>,
  context: RuleContext,
): Promise<void> => {
  const id = sql.raw(idSql(context))
  for (;;) {
    const rows = await query<{ id: string }>(
      db,
      sql`SELECT id::text AS id FROM bookings WHERE reference IS NULL LIMIT ${BATCH}`,
    )
    if (rows.length === 0) break
    await db.execute(
      sql`
      UPDATE bookings b SET reference = r.reference
        FROM unnest(${pgArray(rows.map((row) => row.id))}::${id}[],
                    ${pgArray(rows.map(() => readableCode(8)))}::varchar[]) AS r(id, reference)
       WHERE b.id = r.id` as ReturnType<typeof sql.raw>,
    )
  }
  await db.execute(
    sql`
    INSERT INTO bookings_lines (_order, _parent_id, id, ticket_type_id, name, quantity, unit_price)
    SELECT 1, b.id, substr(md5(b.id::text || ':line'), 1, 24), NULL, 'Admission', b.seats,
           coalesce(b.unit_price, b.total_price / b.seats)
      FROM bookings b
     WHERE NOT EXISTS (SELECT 1 FROM bookings_lines l WHERE l._parent_id = b.id)` as ReturnType<
      typeof sql.raw
    >,
  )
  const key = ticketCodeKey(payload)
  for (;;) {
    const bookings = await query<{ event_id: string; id: string; seats: number }>(
      db,
      sql`SELECT b.id::text AS id, b.event_id::text AS event_id, b.seats::int AS seats
            FROM bookings b WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.booking_id = b.id)
           LIMIT ${BATCH}`,
    )
    if (bookings.length === 0) break
    const seats = bookings.flatMap((booking) =>
      Array.from({ length: booking.seats }, () => booking),
    )
    const ids = await query<{ id: string }>(
      db,
      context.idType === 'uuid'
        ? sql`SELECT gen_random_uuid()::text AS id FROM generate_series(1, ${seats.length})`
        : sql`SELECT nextval(pg_get_serial_sequence('tickets', 'id'))::text AS id
                FROM generate_series(1, ${seats.length})`,
    )
    const ticketIds = ids.map((row) => row.id)
    await db.execute(
      sql`
      INSERT INTO tickets (id, booking_id, event_id, version, code_hash, created_at, updated_at)
      SELECT t.id, t.booking_id, t.event_id, 1, t.code_hash, now(), now()
        FROM unnest(${pgArray(ticketIds)}::${id}[], ${pgArray(seats.map((s) => s.id))}::${id}[],
                    ${pgArray(seats.map((s) => s.event_id))}::${id}[],
                    ${pgArray(ticketIds.map((ticketId) => ticketCodeHash(ticketCode(key, ticketId, 1))))}::varchar[])
          AS t(id, booking_id, event_id, code_hash)` as ReturnType<typeof sql.raw>,
    )
  }
}
