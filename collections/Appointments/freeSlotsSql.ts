import { sql } from '@payloadcms/db-postgres'

import { takesTimeSql } from '../../src/db/conditions'
import { weekDays } from '../../src/fields/openingHours'
import type { DocId, IdType } from '../../src/utilities/ids'
import { pgIdType } from '../../src/utilities/ids'

export type FreeSlotsArgs = {
  /** An appointment that is being moved: its own time does not block it. */
  exclude?: DocId
  /** Local dates (YYYY-MM-DD) in each venue's time zone, both included. */
  from: string
  gridMinutes: number
  resource?: DocId
  service: DocId
  /** One start to check instead of the grid (booking, rescheduling). */
  start?: string
  to: string
  venue?: DocId
}

export type FreeSlotRow = {
  end: Date | string
  /** The start on the venue's clock (YYYY-MM-DDTHH:MM). */
  local: string
  resources: string[]
  start: Date | string
}

/**
 * The one rule for "this service fits here": the start times (on the grid from each opening, or
 * the one `start` asked for) at which the service, from start to end, lies inside an opening range
 * of the resource's venue (local dates and clock times turned into instants in the venue's zone,
 * so a day of 23 or 25 hours is right) and outside closures of the venue or the resource, and the
 * service with its buffers overlaps no appointment that takes the resource's time; for each, the
 * active resources at the venue that can do the service, in their sort order. One statement: the
 * taken times and closures of each resource are aggregated once into multiranges over the span
 * searched, and every start is tested against them.
 */
export const freeSlotsSql = (args: FreeSlotsArgs, idType: IdType) => {
  const id = sql.raw(pgIdType(idType))
  const nothing = null as unknown as string
  const days = sql.raw(`ARRAY[${weekDays.map((day) => `'${day}'`).join(', ')}]`)
  return sql`
    WITH svc AS (
      SELECT make_interval(mins => s.duration_minutes::int) AS length,
        make_interval(mins => s.buffer_before_minutes::int) AS before,
        make_interval(mins => s.buffer_after_minutes::int) AS after
      FROM services s WHERE s.id = ${args.service}::${id}
    ),
    candidates AS (
      SELECT r.id, r.venue_id, v.time_zone, r.sort_order FROM resources r
      JOIN venues v ON v.id = r.venue_id
      WHERE r.active
        AND (${args.venue ?? nothing}::${id} IS NULL OR r.venue_id = ${args.venue ?? nothing}::${id})
        AND (${args.resource ?? nothing}::${id} IS NULL OR r.id = ${args.resource ?? nothing}::${id})
        AND EXISTS (SELECT 1 FROM resources_rels rr WHERE rr.parent_id = r.id
          AND rr.path = 'services' AND rr.services_id = ${args.service}::${id})
    ),
    windows AS (
      SELECT p.venue_id, tstzrange((d.day + h.opens::time) AT TIME ZONE p.time_zone,
        (d.day + h.closes::time) AT TIME ZONE p.time_zone) AS open
      FROM (SELECT DISTINCT venue_id, time_zone FROM candidates) p
      CROSS JOIN LATERAL (SELECT g::date AS day FROM generate_series(
        ${args.from}::date::timestamp, ${args.to}::date::timestamp, interval '1 day') g) d
      JOIN venues_opening_hours h ON h._parent_id = p.venue_id
        AND h.day::text = (${days})[extract(isodow FROM d.day)::int]
    ),
    starts AS (
      SELECT DISTINCT w.venue_id, g AS start FROM windows w, svc,
        generate_series(lower(w.open), upper(w.open) - svc.length,
          make_interval(mins => ${args.gridMinutes}::int)) g
      WHERE ${args.start ?? nothing}::timestamptz IS NULL AND g > now()
      UNION
      SELECT w.venue_id, ${args.start ?? nothing}::timestamptz FROM windows w, svc
      WHERE w.open @> tstzrange(${args.start ?? nothing}::timestamptz,
        ${args.start ?? nothing}::timestamptz + svc.length)
    ),
    span AS (
      SELECT tstzrange(min(start) - interval '1 day', max(start) + interval '2 days') AS r FROM starts
    ),
    taken AS (
      SELECT a.resource_id AS id, range_agg(a.during) AS busy
      FROM appointments a, span
      WHERE a.resource_id IN (SELECT id FROM candidates) AND a.during && span.r
        AND ${sql.raw(takesTimeSql('a'))}
        AND (${args.exclude ?? nothing}::${id} IS NULL OR a.id <> ${args.exclude ?? nothing}::${id})
      GROUP BY a.resource_id
    ),
    closed AS (
      SELECT c.id, range_agg(tstzrange(cl.starts_at, cl.ends_at)) AS off
      FROM candidates c JOIN closures cl ON cl.venue_id = c.venue_id
        AND (cl.resource_id IS NULL OR cl.resource_id = c.id), span
      WHERE tstzrange(cl.starts_at, cl.ends_at) && span.r
      GROUP BY c.id
    )
    SELECT st.start, st.start + svc.length AS "end",
      to_char(st.start AT TIME ZONE min(c.time_zone), 'YYYY-MM-DD"T"HH24:MI') AS local,
      array_agg(c.id::text ORDER BY c.sort_order, c.id) AS resources
    FROM starts st CROSS JOIN svc
    JOIN candidates c ON c.venue_id = st.venue_id
    LEFT JOIN taken t ON t.id = c.id
    LEFT JOIN closed x ON x.id = c.id
    WHERE NOT coalesce(t.busy && tstzrange(st.start - svc.before, st.start + svc.length + svc.after), false)
      AND NOT coalesce(x.off && tstzrange(st.start, st.start + svc.length), false)
    GROUP BY st.start, svc.length
    ORDER BY st.start`
}
