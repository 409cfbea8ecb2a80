import { sql } from '@payloadcms/db-postgres'

/**
 * The booking rules as PostgreSQL enforces them, whatever writes the rows (hooks, raw SQL, psql).
 * Payload's schema can't express CHECKs, partial or GIN indexes, or RESTRICT foreign keys, so
 * they live here and a migration applies them: `migrations/*_events_bookings.ts` in this app. An
 * app that adds the plugin to its own config runs `eventRulesUp` / `eventRulesDown` from one of its
 * migrations the same way.
 */
const SLUG_FORMAT = `'^[a-z0-9]+(-[a-z0-9]+)*$'`

export const eventRulesUp = sql.raw(`
  -- Ranges and formats
  ALTER TABLE venues
    ADD CONSTRAINT venues_capacity_positive CHECK (capacity > 0 AND capacity = trunc(capacity)),
    ADD CONSTRAINT venues_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    ADD CONSTRAINT venues_longitude_range CHECK (longitude BETWEEN -180 AND 180),
    ADD CONSTRAINT venues_slug_format CHECK (slug ~ ${SLUG_FORMAT});
  ALTER TABLE tags ADD CONSTRAINT tags_slug_format CHECK (slug ~ ${SLUG_FORMAT});

  UPDATE events SET seats_booked = 0 WHERE seats_booked IS NULL;
  ALTER TABLE events ALTER COLUMN seats_booked SET NOT NULL;
  ALTER TABLE events
    ADD CONSTRAINT events_capacity_positive CHECK (capacity > 0 AND capacity = trunc(capacity)),
    ADD CONSTRAINT events_price_non_negative CHECK (price >= 0),
    ADD CONSTRAINT events_end_after_start CHECK (end_date > start_date),
    ADD CONSTRAINT events_slug_format CHECK (slug ~ ${SLUG_FORMAT}),
    ADD CONSTRAINT events_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT events_seats_booked_bounds CHECK (seats_booked >= 0 AND seats_booked <= capacity);

  ALTER TABLE bookings
    ADD CONSTRAINT bookings_seats_positive CHECK (seats >= 1 AND seats = trunc(seats)),
    ADD CONSTRAINT bookings_price_snapshot_present
      CHECK (unit_price IS NOT NULL AND total_price IS NOT NULL AND currency IS NOT NULL),
    ADD CONSTRAINT bookings_unit_price_non_negative CHECK (unit_price >= 0),
    ADD CONSTRAINT bookings_total_is_unit_times_seats CHECK (total_price = unit_price * seats),
    ADD CONSTRAINT bookings_pending_has_expiry CHECK (status <> 'pending' OR expires_at IS NOT NULL);

  -- Bookings are records of money: deleting their event or user is refused, never cascaded.
  ALTER TABLE bookings
    DROP CONSTRAINT bookings_event_id_events_id_fk,
    ADD CONSTRAINT bookings_event_id_events_id_fk FOREIGN KEY (event_id)
      REFERENCES events(id) ON DELETE RESTRICT,
    DROP CONSTRAINT bookings_user_id_users_id_fk,
    ADD CONSTRAINT bookings_user_id_users_id_fk FOREIGN KEY (user_id)
      REFERENCES users(id) ON DELETE RESTRICT;
  ALTER TABLE events
    DROP CONSTRAINT events_venue_id_venues_id_fk,
    ADD CONSTRAINT events_venue_id_venues_id_fk FOREIGN KEY (venue_id)
      REFERENCES venues(id) ON DELETE RESTRICT;

  -- Partial indexes for the hot, public queries
  CREATE INDEX events_published_start_date_idx ON events (start_date) WHERE status = 'published';
  CREATE INDEX bookings_active_event_idx ON bookings (event_id) WHERE status IN ('pending', 'confirmed');
  CREATE INDEX bookings_pending_expires_at_idx ON bookings (expires_at) WHERE status = 'pending';

  -- Full-text search: a weighted vector per event, kept current by the events/venues/tags hooks.
  ALTER TABLE events ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector;
  CREATE INDEX events_search_vector_idx ON events USING gin (search_vector) WHERE status = 'published';
  CREATE FUNCTION events_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $fn$
    UPDATE events e SET search_vector =
        setweight(to_tsvector('english', coalesce(e.title, '')), 'A')
      || setweight(to_tsvector('english', coalesce(v.name, '') || ' ' || coalesce(v.address_city, '')), 'B')
      || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(t.name, ' ') FROM events_rels r JOIN tags t ON t.id = r.tags_id
           WHERE r.parent_id = e.id AND r.path = 'tags'), '')), 'B')
      || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(node #>> '{}', ' ')
           FROM jsonb_path_query(coalesce(e.description, '{}'::jsonb), 'strict $.**.text') AS node), '')), 'C')
    FROM events src LEFT JOIN venues v ON v.id = src.venue_id
    WHERE e.id = src.id AND e.id = ANY(ids)
  $fn$;
`)

export const eventRulesDown = sql.raw(`
  DROP FUNCTION IF EXISTS events_search_refresh(uuid[]);
  DROP INDEX IF EXISTS events_search_vector_idx;
  ALTER TABLE events DROP COLUMN IF EXISTS search_vector;
  DROP INDEX IF EXISTS events_published_start_date_idx;
  DROP INDEX IF EXISTS bookings_active_event_idx;
  DROP INDEX IF EXISTS bookings_pending_expires_at_idx;

  ALTER TABLE events
    DROP CONSTRAINT events_venue_id_venues_id_fk,
    ADD CONSTRAINT events_venue_id_venues_id_fk FOREIGN KEY (venue_id)
      REFERENCES venues(id) ON DELETE SET NULL;
  ALTER TABLE bookings
    DROP CONSTRAINT bookings_event_id_events_id_fk,
    ADD CONSTRAINT bookings_event_id_events_id_fk FOREIGN KEY (event_id)
      REFERENCES events(id) ON DELETE SET NULL,
    DROP CONSTRAINT bookings_user_id_users_id_fk,
    ADD CONSTRAINT bookings_user_id_users_id_fk FOREIGN KEY (user_id)
      REFERENCES users(id) ON DELETE SET NULL;

  ALTER TABLE bookings
    DROP CONSTRAINT bookings_seats_positive,
    DROP CONSTRAINT bookings_price_snapshot_present,
    DROP CONSTRAINT bookings_unit_price_non_negative,
    DROP CONSTRAINT bookings_total_is_unit_times_seats,
    DROP CONSTRAINT bookings_pending_has_expiry;
  ALTER TABLE events
    DROP CONSTRAINT events_capacity_positive,
    DROP CONSTRAINT events_price_non_negative,
    DROP CONSTRAINT events_end_after_start,
    DROP CONSTRAINT events_slug_format,
    DROP CONSTRAINT events_currency_format,
    DROP CONSTRAINT events_seats_booked_bounds;
  ALTER TABLE events ALTER COLUMN seats_booked DROP NOT NULL;
  ALTER TABLE tags DROP CONSTRAINT tags_slug_format;
  ALTER TABLE venues
    DROP CONSTRAINT venues_capacity_positive,
    DROP CONSTRAINT venues_latitude_range,
    DROP CONSTRAINT venues_longitude_range,
    DROP CONSTRAINT venues_slug_format;
`)
