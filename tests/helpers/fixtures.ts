import type { RequiredDataFromCollectionSlug } from 'payload'
import { contactForm, lexical } from '../../scripts/seed/seedContent'
import { slugs } from 'payload-events-cms'
import { slugify } from 'payload-events-cms/site'
import { createUserAndLogin, type TestApp } from './testApp'

export const DAY = 24 * 60 * 60 * 1000

const suffix = () => Math.random().toString(36).slice(2, 8)

export const createVenue = (
  app: TestApp,
  data: Partial<RequiredDataFromCollectionSlug<'venues'>> = {},
) => {
  const name = data.name ?? `Kulturhaus ${suffix()}`
  return app.payload.create({
    collection: slugs.venues,
    data: { address: { city: 'Berlin' }, capacity: 500, name, slug: slugify(name), ...data },
  })
}

/** A published event starting in a week unless told otherwise (Local API, no access checks). */
export const createEvent = async (
  app: TestApp,
  data: Partial<RequiredDataFromCollectionSlug<'events'>> = {},
) => {
  const venue = data.venue ?? (await createVenue(app)).id
  const start = Date.now() + 7 * DAY
  const title = data.title ?? `Event ${suffix()}`
  return app.payload.create({
    collection: slugs.events,
    data: {
      capacity: 100,
      category: 'concert',
      endDate: new Date(start + 3 * 60 * 60 * 1000).toISOString(),
      price: 25,
      startDate: new Date(start).toISOString(),
      status: 'published',
      slug: slugify(title),
      title,
      ...data,
      venue,
    } as RequiredDataFromCollectionSlug<'events'>,
  })
}

export type Actor = { id: string; token: string }

/** Tables that hold accounts, for `reset({ keep })` when actors are created once per file. */
export const ACCOUNT_TABLES = ['users', 'users_sessions']

/** One logged-in account per role. */
export const createActors = async (app: TestApp) => ({
  admin: await createUserAndLogin(app, {
    email: 'admin@example.com',
    name: 'Ada Admin',
    role: 'admin',
  }),
  organizer: await createUserAndLogin(app, {
    email: 'org@example.com',
    name: 'Olga Organizer',
    role: 'organizer',
  }),
  otherOrganizer: await createUserAndLogin(app, { email: 'org2@example.com', role: 'organizer' }),
  otherUser: await createUserAndLogin(app, { email: 'bob@example.com', role: 'user' }),
  user: await createUserAndLogin(app, { email: 'ana@example.com', name: 'Ana User', role: 'user' }),
})

export const seatsBooked = async (app: TestApp, eventId: string): Promise<number> => {
  const { rows } = await app.sql.query<{ seats_booked: string }>(
    'SELECT seats_booked FROM events WHERE id = $1',
    [eventId],
  )
  return Number(rows[0]?.seats_booked)
}

export const activeSeats = async (app: TestApp, eventId: string): Promise<number> => {
  const { rows } = await app.sql.query<{ seats: string }>(
    `SELECT coalesce(sum(seats), 0) AS seats FROM bookings WHERE event_id = $1 AND status IN ('pending', 'confirmed')`,
    [eventId],
  )
  return Number(rows[0]?.seats)
}

export const json = async <T = Record<string, unknown>>(response: Response): Promise<T> =>
  (await response.json()) as T

type ErrorBody = { errors?: { data?: Record<string, unknown>; message: string }[] }

/** The first error message of an error response ('' when there is none). */
export const firstErrorMessage = async (response: Response): Promise<string> =>
  (await json<ErrorBody>(response)).errors?.[0]?.message ?? ''

/** A real PNG of the given size (sharp), for uploads. */
export const pngBuffer = async (width = 1600, height = 900): Promise<Buffer> => {
  const { default: sharp } = await import('sharp')
  return sharp({
    create: { background: { b: 180, g: 120, r: 40 }, channels: 3, height, width },
  })
    .png()
    .toBuffer()
}

/** A media document with a generated image (Local API, no access checks). */
export const createMedia = async (app: TestApp, alt = 'A blue square') => {
  const data = await pngBuffer()
  return app.payload.create({
    collection: slugs.media,
    data: { alt },
    file: { data, mimetype: 'image/png', name: `image-${suffix()}.png`, size: data.length },
  })
}

/** Lexical JSON for one paragraph (the seed's builder). */
export const richText = (text: string) => lexical(text)

/** A contact form (plugin-form-builder) with name, email and message, mailing the team. */
export const createContactForm = (app: TestApp) =>
  app.payload.create({
    collection: slugs.forms,
    data: contactForm({
      from: 'site@example.com',
      title: `Contact ${suffix()}`,
      to: 'team@example.com',
    }),
  })

export type Role = 'admin' | 'anonymous' | 'organizer' | 'user'

/** Each role's token (none for anonymous), for suites that send the same request as everyone. */
export const tokensByRole = (
  actors: Awaited<ReturnType<typeof createActors>>,
): Record<Role, string | undefined> => ({
  admin: actors.admin.token,
  anonymous: undefined,
  organizer: actors.organizer.token,
  user: actors.user.token,
})

type Queryable = { query: (text: string, values?: unknown[]) => Promise<unknown> }

/**
 * A booking written with SQL alone (the way a script or psql would), complete as the database
 * demands: a reference, one line that adds up, one ticket per seat. In `client`'s transaction when
 * it has one (the rules are checked at commit).
 */
export const insertBookingRow = async (
  client: Queryable,
  {
    currency = 'EUR',
    event,
    seats,
    status = 'confirmed',
    unitPrice = 0,
    user = null,
  }: {
    currency?: string
    event: number | string
    seats: number
    status?: string
    unitPrice?: number
    user?: null | number | string
  },
): Promise<void> => {
  const reference = Array.from(
    { length: 8 },
    () => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 31)],
  ).join('')
  await client.query(
    `WITH booking AS (
       INSERT INTO bookings (event_id, user_id, seats, status, unit_price, currency, total_price, reference)
       VALUES ($1, $2, $3::int, $4, $5::numeric, $6, $5::numeric * $3::int, $7) RETURNING id
     ), line AS (
       INSERT INTO bookings_lines (_order, _parent_id, id, name, quantity, unit_price)
       SELECT 1, id, md5(random()::text), 'Admission', $3::int, $5::numeric FROM booking
     )
     INSERT INTO tickets (booking_id, event_id, code_hash)
     SELECT booking.id, $1, encode(sha256(random()::text::bytea), 'hex')
       FROM booking, generate_series(1, $3::int)`,
    [event, user, seats, status, unitPrice, currency, reference],
  )
}
