/**
 * The benchmark's scenarios: for each hot path the requests this app serves, the same for plain
 * Payload where it can do them, and the same data with raw SQL. bench/run.ts (the runner) gives
 * them the bench data and measures them.
 */
import type pg from 'pg'

import { readableCode } from 'payload-events-cms/tickets'
import type { LoadRequest } from './lib/load'

export type Account = { id: string; token: string }

/** What the scenarios read and book: found on the seeded bench database by the runner. */
export type BenchData = {
  admin: Account
  /** Who books in the booking rows (never one of `users`, whose lists a row reads). */
  bookers: Account[]
  /** The door's ticket codes, each scanned once per run. */
  doorCodes: string[]
  doorEventId: string
  /** Slugs of published upcoming events, for the site's event pages. */
  eventSlugs: string[]
  /** Bookable for the whole run (not started, seats to spare). */
  eventIds: string[]
  hotEventId: string
  pages: { id: string; slug: string }[]
  /** Every scan run starts at a door nobody has passed yet. */
  reopenDoor: () => Promise<unknown>
  reorderLayout: unknown[]
  reorderPage: { id: string; slug: string } | undefined
  ticketTypeIds: string[]
  typedEventId: string
  users: Account[]
}

export type Scenario = {
  name: string
  ours: LoadRequest[]
  /** Requests in this order instead of at random (each ticket scanned once). */
  order?: 'sequential'
  /** Run before each measured run (and its warm-up). */
  reset?: () => Promise<unknown>
  /**
   * Absent where plain Payload cannot do the request at all: a booking's status, price snapshot
   * and hold expiry are server-owned, so without the hooks PostgreSQL's rules refuse every row.
   */
  plain?: LoadRequest[]
  /** The same data with raw SQL; receives a pooled client. */
  raw: (client: pg.PoolClient) => Promise<unknown>
}

const randomOf = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T

export const benchScenarios = ({
  admin,
  doorCodes,
  doorEventId,
  eventIds,
  eventSlugs,
  hotEventId,
  pages,
  bookers,
  reopenDoor,
  reorderLayout,
  reorderPage,
  ticketTypeIds,
  typedEventId,
  users,
}: BenchData): Scenario[] => {
  const json = (body: unknown) => ({
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })
  const asUser = (user: { token: string }) => ({ authorization: `JWT ${user.token}` })
  const booking = (body: () => Record<string, unknown>): LoadRequest[] =>
    bookers.flatMap((user) =>
      Array.from({ length: 4 }, () => {
        const request = json(body())
        return {
          ...request,
          headers: { ...request.headers, ...asUser(user) },
          method: 'POST',
          path: '/api/bookings?depth=0',
        }
      }),
    )

  const SEARCH = 'jazz night'
  const scenarios: Scenario[] = [
    {
      name: 'event list (20, concert, depth 1)',
      ours: [
        {
          method: 'GET',
          path: '/api/events?where[category][equals]=concert&where[status][equals]=published&sort=startDate&limit=20&depth=1',
        },
      ],
      plain: [
        {
          method: 'GET',
          path: '/api/events?where[category][equals]=concert&where[status][equals]=published&sort=startDate&limit=20&depth=1',
        },
      ],
      raw: (c) =>
        c.query(`SELECT e.*, to_jsonb(v) AS venue FROM events e JOIN venues v ON v.id = e.venue_id
        WHERE e.status = 'published' AND e.category = 'concert' ORDER BY e.start_date LIMIT 20`),
    },
    {
      // The visitor's site: the whole HTML page (layout, menus, filters, cards), anonymous.
      name: 'site: events listing page (HTML)',
      ours: [
        { method: 'GET', path: '/events' },
        { method: 'GET', path: '/events?category=concert' },
        { method: 'GET', path: '/events?category=concert&page=2' },
      ],
      raw: (c) =>
        c.query(`SELECT e.*, to_jsonb(v) AS venue FROM events e JOIN venues v ON v.id = e.venue_id
        WHERE e.status = 'published' AND e.end_date >= now() AND e.category = 'concert'
        ORDER BY e.start_date LIMIT 12`),
    },
    {
      name: 'site: event page (HTML)',
      ours: eventSlugs.map((slug) => ({ method: 'GET', path: `/events/${slug}` })),
      raw: (c) =>
        c.query(
          `SELECT e.*, to_jsonb(v) AS venue,
             (SELECT json_agg(t ORDER BY t.sort_order) FROM ticket_types t WHERE t.event_id = e.id) AS types
           FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.slug = $1`,
          [randomOf(eventSlugs)],
        ),
    },
    {
      name: 'event detail with venue',
      ours: eventIds.map((id) => ({ method: 'GET', path: `/api/events/${id}?depth=1` })),
      plain: eventIds.map((id) => ({ method: 'GET', path: `/api/events/${id}?depth=1` })),
      raw: (c) =>
        c.query(
          `SELECT e.*, to_jsonb(v) AS venue FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1`,
          [randomOf(eventIds)],
        ),
    },
    {
      name: 'page by slug with blocks',
      ours: pages.map(({ slug }) => ({ method: 'GET', path: `/api/pages/published/${slug}` })),
      plain: pages.map(({ slug }) => ({
        method: 'GET',
        path: `/api/pages?where[slug][equals]=${slug}&depth=2&limit=1`,
      })),
      raw: (c) =>
        c.query(
          `SELECT p.*,
          (SELECT json_agg(h ORDER BY h._order) FROM pages_blocks_hero h WHERE h._parent_id = p.id) AS hero,
          (SELECT json_agg(r ORDER BY r._order) FROM pages_blocks_rich_text r WHERE r._parent_id = p.id) AS rich_text,
          (SELECT json_agg(json_build_object('block', i, 'media', m)) FROM pages_blocks_image i LEFT JOIN media m ON m.id = i.media_id WHERE i._parent_id = p.id) AS image,
          (SELECT json_agg(json_build_object('block', g, 'images', (SELECT json_agg(json_build_object('image', gi, 'media', m)) FROM pages_blocks_gallery_images gi LEFT JOIN media m ON m.id = gi.image_id WHERE gi._parent_id = g.id))) FROM pages_blocks_gallery g WHERE g._parent_id = p.id) AS gallery,
          (SELECT json_agg(l) FROM pages_blocks_event_list l WHERE l._parent_id = p.id) AS event_list
        FROM pages p WHERE p.slug = $1 AND p._status = 'published' AND p.archived IS NOT TRUE AND p.deleted_at IS NULL`,
          [randomOf(pages).slug],
        ),
    },
    {
      name: 'public settings',
      ours: [{ method: 'GET', path: '/api/globals/site-settings/public' }],
      plain: [{ method: 'GET', path: '/api/globals/site-settings?depth=1' }],
      raw: (c) => c.query(`SELECT * FROM site_settings LIMIT 1`),
    },
    {
      name: "user's bookings (20, depth 1)",
      ours: users.map((user) => ({
        headers: asUser(user),
        method: 'GET',
        path: '/api/bookings?limit=20&depth=1&sort=-createdAt',
      })),
      plain: users.map((user) => ({
        headers: asUser(user),
        method: 'GET',
        path: `/api/bookings?where[user][equals]=${user.id}&limit=20&depth=1&sort=-createdAt`,
      })),
      raw: (c) =>
        c.query(
          `SELECT b.*, to_jsonb(e) AS event FROM bookings b JOIN events e ON e.id = b.event_id
        WHERE b.user_id = $1 ORDER BY b.created_at DESC LIMIT 20`,
          [randomOf(users).id],
        ),
    },
    {
      name: 'media list (50)',
      ours: [{ method: 'GET', path: '/api/media?limit=50' }],
      plain: [{ method: 'GET', path: '/api/media?limit=50' }],
      raw: (c) =>
        c.query(`SELECT * FROM media WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 50`),
    },
    {
      name: `full-text search ("${SEARCH}")`,
      ours: [
        {
          method: 'GET',
          path: `/api/events/search?q=${encodeURIComponent(SEARCH)}&limit=10&depth=0`,
        },
      ],
      // Plain Payload has no full-text search: the closest is a `like` on the title.
      plain: [
        {
          method: 'GET',
          path: `/api/events?where[title][like]=${encodeURIComponent(SEARCH)}&limit=10&depth=0`,
        },
      ],
      raw: (c) =>
        c.query(
          `SELECT id, title, ts_rank(search_vector, q) AS rank FROM events, websearch_to_tsquery('english', $1) q
        WHERE status = 'published' AND search_vector @@ q ORDER BY rank DESC LIMIT 10`,
          [SEARCH],
        ),
    },
    {
      name: 'booking create, spread events',
      ours: booking(() => ({ event: randomOf(eventIds), seats: 1 })),
      raw: (c) => rawBooking(c, randomOf(eventIds), [{ quantity: 1 }]),
    },
    {
      name: 'booking create, one hot event',
      ours: booking(() => ({ event: hotEventId, seats: 1 })),
      raw: (c) => rawBooking(c, hotEventId ?? '', [{ quantity: 1 }]),
    },
    {
      name: 'booking create, one ticket type (one event)',
      ours: booking(() => ({
        event: typedEventId,
        lines: [{ quantity: 1, ticketType: ticketTypeIds[0] }],
      })),
      raw: (c) => rawBooking(c, typedEventId ?? '', [{ quantity: 1, type: ticketTypeIds[0] }]),
    },
    {
      name: 'booking create, two ticket types (one event)',
      ours: booking(() => ({
        event: typedEventId,
        lines: ticketTypeIds.slice(0, 2).map((ticketType) => ({ quantity: 1, ticketType })),
      })),
      raw: (c) =>
        rawBooking(
          c,
          typedEventId ?? '',
          ticketTypeIds.slice(0, 2).map((type) => ({ quantity: 1, type })),
        ),
    },
    {
      name: 'check-in scan (each ticket once)',
      order: 'sequential',
      ours: doorCodes.map((code, i) => ({
        ...json({ code, event: doorEventId }),
        headers: { ...json({}).headers, ...asUser(users[i % users.length] ?? admin) },
        method: 'POST',
        path: '/api/check-ins',
      })),
      raw: (c) => rawScan(c),
      // A fresh door, and the raw scans start again from the first code.
      reset: () => {
        rawScans = 0
        return reopenDoor()
      },
    },
    {
      name: 'section reorder (PATCH layout)',
      ours: [
        {
          ...json({ layout: reorderLayout }),
          headers: { ...json({}).headers, ...asUser(admin) },
          method: 'PATCH',
          path: `/api/pages/${reorderPage?.id}`,
        },
      ],
      plain: [
        {
          ...json({ layout: reorderLayout }),
          headers: { ...json({}).headers, ...asUser(admin) },
          method: 'PATCH',
          path: `/api/pages/${reorderPage?.id}`,
        },
      ],
      raw: async (c) => {
        await c.query('BEGIN')
        for (const table of [
          'pages_blocks_hero',
          'pages_blocks_rich_text',
          'pages_blocks_image',
          'pages_blocks_gallery',
          'pages_blocks_event_list',
        ]) {
          await c.query(`UPDATE ${table} SET _order = 6 - _order WHERE _parent_id = $1`, [
            reorderPage?.id,
          ])
        }
        await c.query('COMMIT')
      },
    },
    // Last: a heavy run leaves work queued in a server after it ends, which must not slow the next.
    {
      name: `attendee list (CSV, ${doorCodes.length.toLocaleString('en')} tickets)`,
      ours: [
        {
          headers: asUser(admin),
          method: 'GET',
          path: `/api/events/${doorEventId}/attendees?format=csv`,
        },
      ],
      // Plain Payload's closest: every ticket of the event with its booking.
      plain: [
        {
          headers: asUser(admin),
          method: 'GET',
          path: `/api/tickets?where[event][equals]=${doorEventId}&limit=0&depth=1`,
        },
      ],
      raw: (c) =>
        c.query(
          `SELECT t.id, t.attendee_name, coalesce(tt.name, 'Admission') AS type, b.reference,
                  b.contact_snapshot_email, c.created_at AS checked_in_at
           FROM tickets t JOIN bookings b ON b.id = t.booking_id LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
           LEFT JOIN check_ins c ON c.ticket_id = t.id AND c.result = 'admitted' AND c.undone_at IS NULL
           WHERE t.event_id = $1 AND b.status IN ('pending', 'confirmed') ORDER BY b.reference, t.id`,
          [doorEventId],
        ),
    },
  ]

  /**
   * The claim and the booking with its lines and tickets, as the booking operation writes them,
   * without Payload around them (the tickets' codes are random: nobody scans these).
   */
  async function rawBooking(
    client: pg.PoolClient,
    eventId: string,
    lines: { quantity: number; type?: string }[],
  ) {
    const user = randomOf(bookers)
    const seats = lines.reduce((sum, line) => sum + line.quantity, 0)
    const typed = lines.filter((line) => line.type)
    await client.query('BEGIN')
    try {
      const { rows } = await client.query<{ price: string; currency: string }>(
        `UPDATE events SET seats_booked = seats_booked + $2 WHERE id = $1 AND seats_booked + $2 <= capacity
         RETURNING price, currency`,
        [eventId, seats],
      )
      const event = rows[0]
      if (!event) throw new Error('sold out')
      const prices = new Map<string | undefined, number>([[undefined, Number(event.price)]])
      if (typed.length > 0) {
        const { rows: types } = await client.query<{ id: string; price: string }>(
          `UPDATE ticket_types t SET seats_booked = t.seats_booked + q.quantity
           FROM unnest($1::uuid[], $2::int[]) AS q(id, quantity)
           WHERE t.id = q.id AND (t.capacity IS NULL OR t.seats_booked + q.quantity <= t.capacity)
           RETURNING t.id, t.price`,
          [typed.map((line) => line.type), typed.map((line) => line.quantity)],
        )
        if (types.length !== typed.length) throw new Error('sold out')
        for (const type of types) prices.set(type.id, Number(type.price))
      }
      const total = lines.reduce(
        (sum, line) => sum + line.quantity * (prices.get(line.type) ?? 0),
        0,
      )
      const { rows: booked } = await client.query<{ id: string }>(
        `INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price, expires_at, reference)
         VALUES ($1, $2, $3, CASE WHEN $4::numeric > 0 THEN 'pending' ELSE 'confirmed' END::enum_bookings_status,
                 $5, $6, $4, CASE WHEN $4::numeric > 0 THEN now() + interval '15 minutes' END, $7)
         RETURNING id`,
        [
          eventId,
          user.id,
          seats,
          total,
          lines.length === 1 ? prices.get(lines[0]?.type) : null,
          event.currency,
          readableCode(8),
        ],
      )
      const bookingId = booked[0]?.id
      await client.query(
        `INSERT INTO bookings_lines (_order, _parent_id, id, ticket_type_id, name, quantity, unit_price)
         SELECT l.n, $1, substr(md5(random()::text), 1, 24), l.type, coalesce(t.name, 'Admission'), l.quantity, l.price
         FROM unnest($2::uuid[], $3::int[], $4::numeric[]) WITH ORDINALITY AS l(type, quantity, price, n)
         LEFT JOIN ticket_types t ON t.id = l.type`,
        [
          bookingId,
          lines.map((line) => line.type ?? null),
          lines.map((line) => line.quantity),
          lines.map((line) => prices.get(line.type) ?? 0),
        ],
      )
      await client.query(
        `INSERT INTO tickets (booking_id, event_id, ticket_type_id, version, code_hash)
         SELECT $1, $2, s.type, 1, encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex')
         FROM unnest($3::uuid[]) AS s(type)`,
        [
          bookingId,
          eventId,
          lines.flatMap((line) => Array.from({ length: line.quantity }, () => line.type ?? null)),
        ],
      )
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
  }

  /** One admission as the check-in statement records it: find the ticket by its code's hash, insert. */
  let rawScans = 0
  async function rawScan(client: pg.PoolClient) {
    const code = doorCodes[rawScans++ % doorCodes.length] ?? ''
    const { rowCount } = await client.query(
      `INSERT INTO check_ins (event_id, ticket_id, ticket_type_id, booking_id, result, scanned_by_id)
       SELECT t.event_id, t.id, t.ticket_type_id, t.booking_id, 'admitted', $3
       FROM tickets t WHERE t.code_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') AND t.event_id = $2
       ON CONFLICT (ticket_id) WHERE result = 'admitted' AND undone_at IS NULL DO NOTHING`,
      [code, doorEventId, admin.id],
    )
    if (rowCount !== 1) throw new Error('refused')
  }
  return scenarios
}
