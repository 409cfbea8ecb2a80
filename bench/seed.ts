/**
 * `npm run bench:seed`: the benchmark dataset, by default 10k events over 500 venues with tags,
 * 100k bookings (each with its line and tickets), an event with three ticket types, a door event
 * with 5,000 scannable tickets, 200 pages with mixed blocks, 5k media records and 1M audit rows, in its own
 * database (see bench/lib/benchDatabase.ts). Sizes: BENCH_EVENTS, BENCH_VENUES, BENCH_BOOKINGS,
 * BENCH_PAGES, BENCH_MEDIA, BENCH_AUDIT, BENCH_USERS. Bulk SQL (the rules in PostgreSQL still
 * apply: CHECKs, foreign keys, seat counters); accounts go through Payload once so logins work, and
 * audit rows through audit_logs_append(), so `audit:verify` holds on the result.
 */
import { getPayload } from 'payload'
import pg from 'pg'

import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { slugs } from 'payload-events-cms'
import { READABLE_ALPHABET, ticketCode, ticketCodeHash } from 'payload-events-cms/tickets'
import { loadEnv } from '../scripts/lib/runtime'
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  BENCH_SECRET,
  benchSizes,
  benchUserEmail,
  benchTicketCodeKey,
  DOOR_EVENT_SLUG,
  DOOR_TICKETS,
  HOT_EVENT_SLUG,
  migrateBenchDatabase,
  startBenchDatabase,
  TYPED_EVENT_SLUG,
} from './lib/benchDatabase'
import { commandLine } from '../scripts/lib/cli'

commandLine(`
Usage: npm run bench:seed

Fills the benchmark database (.data/bench-pg, or BENCH_DATABASE_URL). Sizes: BENCH_EVENTS,
BENCH_VENUES, BENCH_BOOKINGS, BENCH_PAGES, BENCH_MEDIA, BENCH_AUDIT, BENCH_USERS.
`)

loadEnv()
process.env.PAYLOAD_SECRET = BENCH_SECRET
const sizes = benchSizes()
const started = Date.now()
const progress = (message: string) =>
  console.log(`[bench:seed ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`)

/** A unique booking reference for row n: n scrambled (a bijection mod 31^8), in READABLE_ALPHABET. */
const benchReference = (n: string) =>
  `(SELECT string_agg(substr('${READABLE_ALPHABET}', 1 + ((((${n})::bigint * 2654435761) % 852891037441) / (31::bigint ^ k)::bigint % 31)::int, 1), '' ORDER BY k)
    FROM generate_series(0, 7) k)`

const database = await startBenchDatabase()
progress(`database ${database.url.replace(/:[^:@]*@/, ':***@')}`)
await migrateBenchDatabase(database.url)
progress('migrated')

const sql = new pg.Client({ connectionString: database.url })
await sql.connect()
const step = async (label: string, query: string, params: unknown[] = []) => {
  const result = await sql.query(query, params)
  progress(`${label}${result.rowCount ? `: ${result.rowCount.toLocaleString('en')} rows` : ''}`)
}

try {
  const { rows: tables } = await sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'payload_migrations'`,
  )
  await sql.query(
    `BEGIN; SET LOCAL audit.allow_truncate = 'on';
     TRUNCATE ${tables.map(({ tablename }) => `"${tablename}"`).join(', ')} RESTART IDENTITY CASCADE; COMMIT`,
  )
  progress('emptied')

  // One account through Payload (PBKDF2 hash and salt); every other account copies them.
  const payload = await getPayload({ config: buildAppConfig({ databaseUrl: database.url }) })
  await payload.create({
    collection: slugs.users,
    data: {
      email: BENCH_ADMIN_EMAIL,
      name: 'Bench Admin',
      password: BENCH_PASSWORD,
      role: 'admin',
    },
  })
  await closePayload(payload)
  await step(
    'users and organizers',
    `INSERT INTO users (email, name, role, salt, hash)
     SELECT CASE WHEN g <= 20 THEN 'organizer' || g || '@bench.test' ELSE 'user' || (g - 20) || '@bench.test' END,
            'Bench ' || g, CASE WHEN g <= 20 THEN 'organizer' ELSE 'user' END::enum_users_role, a.salt, a.hash
     FROM generate_series(1, $1::int + 20) g, users a WHERE a.email = $2`,
    [sizes.users, BENCH_ADMIN_EMAIL],
  )

  await step(
    'venues',
    `INSERT INTO venues (name, slug, address_city, address_country, capacity, latitude, longitude)
     SELECT 'Venue ' || g, 'venue-' || g,
            (ARRAY['Berlin','Hamburg','Munich','Cologne','Leipzig','Vienna','Zurich'])[1 + g % 7], 'DE',
            2000 + (g % 10) * 500, 47 + (g % 600) / 100.0, 6 + (g % 900) / 100.0
     FROM generate_series(1, $1::int) g`,
    [sizes.venues],
  )
  await step(
    'tags',
    `INSERT INTO tags (name, slug)
     SELECT t, lower(replace(t, ' ', '-')) FROM unnest(ARRAY['Jazz','Rock','Classical','Family','Outdoor',
       'Indoor','Free','Late night','Kids','Accessible','Vegan food','Local','International','Premiere',
       'Acoustic','Electronic','Dance','Talk','Hands-on','Seasonal']) t`,
  )
  await sql.query(`CREATE TEMP TABLE words (n int, word text)`)
  await sql.query(`INSERT INTO words SELECT ordinality, w FROM unnest(ARRAY['Jazz','Rock','Symphony',
    'Comedy','Workshop','Festival','Night','Summer','Harbour','Techno','Poetry','Theatre','Opera','Blues',
    'Folk','Dance','Film','Food','Market','Winter','Spring','Autumn','Gala','Session']) WITH ORDINALITY AS t(w)`)
  await step(
    'events',
    `WITH v AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM venues),
          o AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE role = 'organizer')
     INSERT INTO events (title, slug, description, category, status, venue_id, organizer_id, start_date,
                         end_date, capacity, price, currency)
     SELECT w1.word || ' ' || w2.word || ' ' || g, 'event-' || g,
            jsonb_build_object('root', jsonb_build_object('type', 'root', 'version', 1, 'children',
              jsonb_build_array(jsonb_build_object('type', 'paragraph', 'version', 1, 'children',
                jsonb_build_array(jsonb_build_object('type', 'text', 'version', 1,
                  'text', 'An evening of ' || lower(w1.word) || ' and ' || lower(w2.word) || ' in ' || (SELECT address_city FROM venues WHERE id = v.id))))))),
            (enum_range(NULL::enum_events_category))[1 + g % 10],
            -- Every tenth event a draft, spread over the categories (g % 10 picks the category).
            CASE WHEN (g / 10) % 10 = 0 THEN 'draft' ELSE 'published' END::enum_events_status,
            v.id, o.id,
            date_trunc('hour', now()) + (g % 365) * interval '1 day' + (g % 12) * interval '1 hour',
            date_trunc('hour', now()) + (g % 365) * interval '1 day' + (g % 12 + 3) * interval '1 hour',
            200 + (g % 9) * 100, CASE WHEN g % 5 = 0 THEN 0 ELSE 10 + (g % 50) + 0.5 END, 'EUR'
     FROM generate_series(1, $1::int) g
     JOIN words w1 ON w1.n = 1 + g % 24 JOIN words w2 ON w2.n = 1 + (g / 24) % 24
     JOIN v ON v.n = 1 + g % (SELECT count(*) FROM venues)
     JOIN o ON o.n = 1 + g % 20`,
    [sizes.events],
  )
  await step(
    'hot event (for the one-event booking benchmark)',
    `INSERT INTO events (title, slug, category, status, venue_id, start_date, end_date, capacity, price, currency)
     SELECT 'Bench Hot Event', $1, 'festival', 'published', id, now() + interval '30 days',
            now() + interval '31 days', 1000000000, 0, 'EUR' FROM venues LIMIT 1`,
    [HOT_EVENT_SLUG],
  )
  await step(
    'typed event (three ticket types, for the two-line booking benchmark)',
    `WITH e AS (
       INSERT INTO events (title, slug, category, status, venue_id, start_date, end_date, capacity, price, currency)
       SELECT 'Bench Typed Event', $1, 'festival', 'published', id, now() + interval '30 days',
              now() + interval '31 days', 1000000000, 0, 'EUR' FROM venues LIMIT 1 RETURNING id)
     INSERT INTO ticket_types (event_id, name, price, sort_order)
     SELECT e.id, t.name, t.price, t.n FROM e,
       (VALUES ('Standard', 25, 1), ('Reduced', 15, 2), ('VIP', 80, 3)) AS t(name, price, n)`,
    [TYPED_EVENT_SLUG],
  )
  // Doors open now (bench/run.ts moves the start to an hour from the run).
  await step(
    'door event (for check-in scans and the attendee list)',
    `INSERT INTO events (title, slug, category, status, venue_id, organizer_id, start_date, end_date, capacity, price, currency)
     SELECT 'Bench Door Event', $1, 'concert', 'published', v.id, o.id, now() + interval '1 hour',
            now() + interval '5 hours', $2, 0, 'EUR'
     FROM (SELECT id FROM venues LIMIT 1) v, (SELECT id FROM users WHERE role = 'organizer' ORDER BY id LIMIT 1) o`,
    [DOOR_EVENT_SLUG, DOOR_TICKETS],
  )
  await step(
    'door staff (the first 50 users scan at the door event)',
    `INSERT INTO events_rels ("order", parent_id, path, users_id)
     SELECT row_number() OVER (ORDER BY u.id), e.id, 'checkInStaff', u.id
     FROM events e, (SELECT id FROM users WHERE email = ANY($2::text[])) u WHERE e.slug = $1`,
    [DOOR_EVENT_SLUG, Array.from({ length: 50 }, (_, i) => benchUserEmail(i + 1))],
  )
  await step(
    'event tags',
    `WITH t AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tags),
          e AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM events)
     INSERT INTO events_rels ("order", parent_id, path, tags_id)
     SELECT k, e.id, 'tags', t.id FROM e, generate_series(1, 2) k
     JOIN t ON true WHERE t.n = 1 + (e.n * k * 7) % 20`,
  )
  await step('search vectors', `SELECT events_search_refresh(array_agg(id)) FROM events`)
  // Bookings as the booking operation writes them: a reference, lines, one ticket per seat. The
  // rule that they add up (bookings_lines_add_up) is checked at COMMIT, so they go in together.
  await sql.query('BEGIN')
  await step(
    'bookings',
    `WITH e AS (SELECT id, price, currency, row_number() OVER (ORDER BY id) AS n FROM events
                WHERE status = 'published' AND slug NOT IN ($2, $3, $4)),
          ne AS (SELECT count(*) AS c FROM e),
          u AS (SELECT id, email, row_number() OVER (ORDER BY id) AS n FROM users WHERE role = 'user'),
          nu AS (SELECT count(*) AS c FROM u)
     INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price, expires_at,
                           contact_snapshot_email, created_at, reference)
     SELECT e.id, u.id, 1 + g % 4,
            CASE g % 20 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'pending' ELSE 'confirmed' END::enum_bookings_status,
            e.price, e.currency, e.price * (1 + g % 4),
            CASE WHEN g % 20 = 1 THEN now() + interval '1 day' END, u.email,
            now() - (g % 90) * interval '1 day', ${benchReference('g')}
     FROM generate_series(1, $1::int) g, ne, nu
     JOIN e ON true JOIN u ON true
     WHERE e.n = 1 + (g::bigint * 7919) % ne.c AND u.n = 1 + (g::bigint * 104729) % nu.c`,
    [sizes.bookings, HOT_EVENT_SLUG, TYPED_EVENT_SLUG, DOOR_EVENT_SLUG],
  )
  // The door event: DOOR_TICKETS tickets in bookings of two, each a code the bench can scan.
  await step(
    'door event bookings',
    `WITH u AS (SELECT id, email, row_number() OVER (ORDER BY id) AS n FROM users WHERE role = 'user'),
          nu AS (SELECT count(*) AS c FROM u)
     INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price,
                           contact_snapshot_email, reference)
     SELECT e.id, u.id, 2, 'confirmed', 0, 'EUR', 0, u.email, ${benchReference(`g + ${sizes.bookings}`)}
     FROM generate_series(1, $1::int) g, nu, events e, u
     WHERE e.slug = $2 AND u.n = 1 + g % nu.c`,
    [DOOR_TICKETS / 2, DOOR_EVENT_SLUG],
  )
  await step(
    'booking lines',
    `INSERT INTO bookings_lines (_order, _parent_id, id, name, quantity, unit_price)
     SELECT 1, id, substr(md5(id::text), 1, 24), 'Admission', seats, unit_price FROM bookings`,
  )
  // Codes nobody holds (the hash of a booking's seat), except at the door event below.
  await step(
    'tickets',
    `INSERT INTO tickets (booking_id, event_id, version, code_hash, created_at)
     SELECT b.id, b.event_id, 1, encode(sha256(convert_to(b.id::text || ':' || k, 'UTF8')), 'hex'), b.created_at
     FROM bookings b, generate_series(1, b.seats::int) k`,
  )
  const { rows: doorTickets } = await sql.query<{ id: string }>(
    `SELECT t.id FROM tickets t JOIN events e ON e.id = t.event_id WHERE e.slug = $1`,
    [DOOR_EVENT_SLUG],
  )
  const codeKey = benchTicketCodeKey()
  await step(
    'door event ticket codes',
    `UPDATE tickets t SET code_hash = c.code_hash
     FROM unnest($1::uuid[], $2::varchar[]) AS c(id, code_hash) WHERE t.id = c.id`,
    [
      doorTickets.map(({ id }) => id),
      doorTickets.map(({ id }) => ticketCodeHash(ticketCode(codeKey, id, 1))),
    ],
  )
  await step(
    'seat counters',
    `UPDATE events e SET seats_booked = s.seats
     FROM (SELECT event_id, sum(seats) AS seats FROM bookings WHERE status IN ('pending', 'confirmed')
           GROUP BY event_id) s WHERE e.id = s.event_id`,
  )
  // The seed is history: its customers were mailed long ago (the triggers queued a mail each).
  await step('mail queue', `DELETE FROM payload_jobs WHERE task_slug::text = 'sendMail'`)
  await sql.query('COMMIT')
  progress('bookings committed (their lines and tickets checked)')
  await step(
    'media records',
    `INSERT INTO media (alt, filename, url, mime_type, filesize, width, height, focal_x, focal_y,
                        sizes_thumbnail_url, sizes_thumbnail_width, sizes_thumbnail_height,
                        sizes_card_url, sizes_card_width, sizes_card_height)
     SELECT 'Bench image ' || g, 'bench-' || g || '.jpg', '/api/media/file/bench-' || g || '.jpg',
            'image/jpeg', 200000 + g, 2400, 1350, 50, 50,
            '/api/media/file/bench-' || g || '-300x300.jpg', 300, 300,
            '/api/media/file/bench-' || g || '-768x480.jpg', 768, 480
     FROM generate_series(1, $1::int) g`,
    [sizes.media],
  )
  await sql.query(`CREATE TEMP TABLE bench_pages AS
    WITH m AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM media), nm AS (SELECT greatest(count(*), 1) AS c FROM media)
    SELECT gen_random_uuid() AS id, g, (SELECT id FROM m, nm WHERE m.n = 1 + g % nm.c) AS media_id
    FROM generate_series(1, ${sizes.pages}) g`)
  await step(
    'pages',
    `INSERT INTO pages (id, title, slug, meta_description, _status, archived, published_at)
     SELECT id, 'Bench page ' || g, CASE WHEN g = 1 THEN 'home' ELSE 'bench-page-' || g END,
            'A page of the benchmark dataset', 'published', false, now() FROM bench_pages`,
  )
  const blockId = `substr(md5(random()::text || g), 1, 24)`
  await step(
    'hero blocks',
    `INSERT INTO pages_blocks_hero (_order, _parent_id, _path, id, heading, subheading, background_image_id, cta_text, cta_link)
     SELECT 1, id, 'layout', ${blockId}, 'Welcome to page ' || g, 'Live events all year', media_id, 'Events', '/events'
     FROM bench_pages`,
  )
  await step(
    'rich text blocks',
    `INSERT INTO pages_blocks_rich_text (_order, _parent_id, _path, id, content)
     SELECT 2, id, 'layout', ${blockId}, (SELECT description FROM events WHERE description IS NOT NULL LIMIT 1) FROM bench_pages`,
  )
  await step(
    'image blocks',
    `INSERT INTO pages_blocks_image (_order, _parent_id, _path, id, media_id, caption)
     SELECT 3, id, 'layout', ${blockId}, media_id, 'Caption ' || g FROM bench_pages WHERE media_id IS NOT NULL`,
  )
  await step(
    'gallery blocks',
    `WITH galleries AS (
       INSERT INTO pages_blocks_gallery (_order, _parent_id, _path, id, columns, spacing)
       SELECT 4, id, 'layout', ${blockId}, 3, 'medium' FROM bench_pages WHERE media_id IS NOT NULL
       RETURNING id, _parent_id)
     INSERT INTO pages_blocks_gallery_images (_order, _parent_id, id, image_id, caption)
     SELECT k, galleries.id, substr(md5(random()::text || k || galleries.id), 1, 24), p.media_id, 'Photo ' || k
     FROM galleries JOIN bench_pages p ON p.id = galleries._parent_id, generate_series(1, 3) k`,
  )
  await step(
    'event list blocks',
    `INSERT INTO pages_blocks_event_list (_order, _parent_id, _path, id, heading, count, category)
     SELECT 5, id, 'layout', ${blockId}, 'Coming up', 6,
            CASE WHEN g % 2 = 0 THEN 'concert' END::enum_pages_blocks_event_list_category FROM bench_pages`,
  )

  // Audit rows through the real append function, spread over the past year, in batches.
  if (sizes.audit > 0) {
    await sql.query(`CREATE FUNCTION pg_temp.bench_audit(first int, n int, base timestamptz, step_ms int)
      RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE ts timestamptz; doc text;
      BEGIN
        FOR i IN first .. first + n - 1 LOOP
          ts := base + make_interval(secs => i::double precision * step_ms / 1000);
          doc := 'event-' || (1 + i % 10000);
          PERFORM audit_logs_append('update', 'events', doc, NULL, NULL, NULL, 'rest', NULL, ts,
            format('{"action":"update","changes":null,"collection":"events","createdAt":"%s","documentId":"%s","ip":null,"origin":"rest","userAgent":null,"userId":null}',
                   to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), doc));
        END LOOP;
      END $fn$`)
    const stepMs = Math.max(1, Math.floor((365 * 24 * 3600 * 1000) / sizes.audit))
    const base = new Date(Math.floor((Date.now() - 366 * 24 * 3600 * 1000) / 1000) * 1000)
    const batch = 50_000
    for (let first = 0; first < sizes.audit; first += batch) {
      const n = Math.min(batch, sizes.audit - first)
      await sql.query(`SELECT pg_temp.bench_audit($1, $2, $3, $4)`, [first, n, base, stepMs])
      progress(
        `audit rows: ${(first + n).toLocaleString('en')} of ${sizes.audit.toLocaleString('en')}`,
      )
    }
  }

  await sql.query('VACUUM ANALYZE')
  progress('analyzed')
  const { rows: counts } = await sql.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM venues) AS venues,
    (SELECT count(*) FROM bookings) AS bookings, (SELECT count(*) FROM pages) AS pages,
    (SELECT count(*) FROM media) AS media, (SELECT count(*) FROM audit_logs) AS audit_rows,
    (SELECT count(*) FROM users) AS users`)
  progress(`done: ${JSON.stringify(counts[0])}`)
} finally {
  await sql.end()
  await database.stop()
}
