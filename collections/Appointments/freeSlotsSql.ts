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
  /** List the free resources of each start (always with `start`); otherwise starts only. */
  perResource?: boolean
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
  /** The free resources in their order (with `perResource`). */
  resources: null | string[]
  start: Date | string
}

/**
 * The one rule for "this service fits here": the start times (on the grid from each opening, or
 * the one `start` asked for) at which the service, from start to end, lies inside an opening range
 * of the resource's venue (local dates and clock times turned into instants in the venue's zone,
 * so a day of 23 or 25 hours is right) and outside closures of the venue or the resource, and the
 * service with its buffers overlaps no appointment that takes the resource's time; for each, the
 * active resources at the venue that can do the service, in their sort order. One row per start
 * and venue.
 *
 * One statement, worked on ranges rather than on every (start, resource) pair: each appointment
 * rules out the open interval of starts whose taken range would overlap it (from its start minus
 * the service and the buffer after, to its end plus the buffer before), each closure those whose
 * service would overlap it; per resource these are aggregated once into a multirange, subtracted
 * from each opening's range of possible starts, and only the grid points of what is left are made.
 */
/** Each start with the resources free for it: a row per (start, resource) before grouping. */
const perResourceTail = (start: string) => sql`
    fits AS (
      -- The grid from the opening, inside each free piece, in the future.
      SELECT f.id, f.venue_id, f.time_zone, f.sort_order, g AS start
      FROM free f CROSS JOIN svc
      CROSS JOIN LATERAL generate_series(
        f.opens + svc.grid * ceil(extract(epoch FROM lower(f.piece) - f.opens)
          / extract(epoch FROM svc.grid)),
        upper(f.piece), svc.grid) g
      WHERE ${start}::timestamptz IS NULL AND f.piece @> g AND g > now()
      UNION ALL
      SELECT f.id, f.venue_id, f.time_zone, f.sort_order, ${start}::timestamptz
      FROM free f WHERE f.piece @> ${start}::timestamptz
    )
    SELECT fits.start, fits.start + (SELECT length FROM svc) AS "end",
      to_char(fits.start AT TIME ZONE fits.time_zone, 'YYYY-MM-DD"T"HH24:MI') AS local,
      array_agg(fits.id::text ORDER BY fits.sort_order, fits.id) AS resources
    FROM fits
    GROUP BY fits.start, fits.venue_id, fits.time_zone
    ORDER BY fits.start`

/**
 * The starts at which any resource is free: the free pieces of all resources merged per opening
 * first, so only the grid points of the union are made (a few hundred, not one per resource).
 */
const anyResourceTail = sql`
    open_starts AS (
      SELECT f.venue_id, f.time_zone, f.opens, unnest(range_agg(f.piece)) AS piece
      FROM free f GROUP BY f.venue_id, f.time_zone, f.opens
    )
    SELECT DISTINCT g AS start, g + svc.length AS "end",
      to_char(g AT TIME ZONE o.time_zone, 'YYYY-MM-DD"T"HH24:MI') AS local,
      NULL::text[] AS resources
    FROM open_starts o CROSS JOIN svc
    CROSS JOIN LATERAL generate_series(
      o.opens + svc.grid * ceil(extract(epoch FROM lower(o.piece) - o.opens)
        / extract(epoch FROM svc.grid)),
      upper(o.piece), svc.grid) g
    WHERE o.piece @> g AND g > now()
    ORDER BY g`

export const freeSlotsSql = (args: FreeSlotsArgs, idType: IdType) => {
  const id = sql.raw(pgIdType(idType))
  const nothing = null as unknown as string
  const days = sql.raw(`ARRAY[${weekDays.map((day) => `'${day}'`).join(', ')}]`)
  const start = args.start ?? nothing
  return sql`
    WITH svc AS (
      SELECT make_interval(mins => s.duration_minutes::int) AS length,
        make_interval(mins => s.buffer_before_minutes::int) AS before,
        make_interval(mins => s.buffer_after_minutes::int) AS after,
        make_interval(mins => ${args.gridMinutes}::int) AS grid
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
    -- Each opening range of the days searched, as instants (the venue's clock, its zone).
    windows AS (
      SELECT p.venue_id, (d.day + h.opens::time) AT TIME ZONE p.time_zone AS opens,
        (d.day + h.closes::time) AT TIME ZONE p.time_zone AS closes
      FROM (SELECT DISTINCT venue_id, time_zone FROM candidates) p
      CROSS JOIN LATERAL (SELECT g::date AS day FROM generate_series(
        ${args.from}::date::timestamp, ${args.to}::date::timestamp, interval '1 day') g) d
      JOIN venues_opening_hours h ON h._parent_id = p.venue_id
        AND h.day::text = (${days})[extract(isodow FROM d.day)::int]
    ),
    -- Wide enough for any zone, service and buffer around the days searched (constants: the
    -- planner uses the exclusion constraint's index).
    span AS (
      SELECT tstzrange((${args.from}::date - 2)::timestamptz, (${args.to}::date + 3)::timestamptz) AS r
    ),
    -- Per resource, the starts its taken times and closures rule out, as one multirange.
    resource_rules AS MATERIALIZED (
      SELECT c.id, c.venue_id, c.time_zone, c.sort_order, coalesce((
        SELECT range_agg(x.r) FROM (
          SELECT tstzrange(lower(a.during) - svc.length - svc.after, upper(a.during) + svc.before, '()') AS r
          FROM appointments a
          WHERE a.resource_id = c.id AND a.during && span.r AND ${sql.raw(takesTimeSql('a'))}
            AND (${args.exclude ?? nothing}::${id} IS NULL OR a.id <> ${args.exclude ?? nothing}::${id})
          UNION ALL
          SELECT tstzrange(cl.starts_at - svc.length, cl.ends_at, '()')
          FROM closures cl
          WHERE cl.venue_id = c.venue_id AND (cl.resource_id IS NULL OR cl.resource_id = c.id)
            AND tstzrange(cl.starts_at, cl.ends_at) && span.r
        ) x), '{}'::tstzmultirange) AS ruled_out
      FROM candidates c CROSS JOIN svc CROSS JOIN span
    ),
    -- What is left of each opening's possible starts, per resource: a few ranges each.
    free AS (
      SELECT c.id, c.venue_id, c.time_zone, c.sort_order, w.opens, piece
      FROM resource_rules c JOIN windows w ON w.venue_id = c.venue_id
      CROSS JOIN svc
      CROSS JOIN LATERAL unnest(
        tstzmultirange(tstzrange(w.opens, w.closes - svc.length, '[]')) - c.ruled_out) AS piece
      WHERE w.closes - svc.length >= w.opens
    ),
    ${args.perResource || args.start ? perResourceTail(start) : anyResourceTail}`
}
