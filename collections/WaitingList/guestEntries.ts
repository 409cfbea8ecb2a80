import { randomBytes } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import type { CollectionSlug, PayloadRequest, RequiredDataFromCollectionSlug } from 'payload'

import { fromSameClientSql } from '../../src/audit/requestInfo'
import { publishedEventSql } from '../../src/db/conditions'
import { tableName } from '../../src/db/tableNames'
import { isEmail } from '../../src/fields/validators'
import { brandingOf, templateFor, venueTime } from '../../src/mail/mailContext'
import { renderMail } from '../../src/mail/renderTemplate'
import { normalizeEmail } from '../../src/privacy/emailAddresses'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { guestConfirmToken, isGuestConfirmToken } from '../../src/tickets/offerTokens'
import { type DocId, parseId } from '../../src/utilities/ids'
import { inTransaction } from '../../src/utilities/inTransaction'
import { PublicError } from '../../src/utilities/publicError'
import { postgresAdapterOf, transactionDb } from '../../src/utilities/transactionDb'
import { queueStoredMail } from '../Mails/queueStoredMail'

/**
 * Guests on a waiting list: where an event allows it (`waitingListGuests`), someone without an
 * account joins with an e-mail address. The entry is `unconfirmed` and holds no place in line
 * until the address is confirmed from the mail sent to it (double opt-in: nobody can queue
 * someone else's address for offers). Confirming makes (or finds) the account of that address,
 * so the offer's hold, the booking, its mails, the export and erasure work as for anyone; the
 * place in line counts from the confirmation. Unconfirmed entries lapse after
 * `waitingList.guestConfirmHours`.
 */

/** Unconfirmed requests one address may have open at once (each sent a mail). */
export const GUEST_REQUESTS_PER_ADDRESS = 3

/** Guests' requests one network address may make in an hour (each sends a mail somewhere). */
export const GUEST_REQUESTS_PER_CLIENT_HOUR = 10

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/

/** A guest's address as accounts are matched by it (trimmed, lower case), or a 400 naming it. */
export const guestAddress = (value: unknown): string => {
  const address = typeof value === 'string' ? normalizeEmail(value) : ''
  if (!address) {
    throw new PublicError('"email" is required to join as a guest (or sign in).', 400, {
      field: 'email',
    })
  }
  if (address.length > 254 || CONTROL.test(address) || !isEmail(address)) {
    throw new PublicError('"email" must be an e-mail address.', 400, { field: 'email' })
  }
  return address
}

const lapsedSql = (hours: number, createdAt = sql`created_at`) =>
  sql`${createdAt} < now() - make_interval(hours => ${hours}::int)`

/**
 * Requests as a guest from this client's network address in the last hour, counted from the
 * audit log's anonymous `create` rows (one count for every app server, kept across restarts, as
 * failed sign-ins are); without the audit log, none are counted.
 */
const recentRequestsOfClient = async (req: PayloadRequest): Promise<number> => {
  const { parts, slugs: resolved } = settingsOf(req.payload)
  if (!parts.audit) return 0
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM ${sql.identifier(tableName(req.payload, resolved.auditLogs))}
     WHERE created_at > now() - interval '1 hour' AND action = 'create'
       AND collection = ${slugs.waitingList} AND user_id IS NULL
       AND ${fromSameClientSql(req)}`)
  return rows[0]?.n ?? 0
}

/**
 * What a guest's request must pass besides the list's own rules: one unconfirmed request per
 * address, event and type (asking again sends no second mail; a partial unique index settles two
 * at once), at most GUEST_REQUESTS_PER_ADDRESS open in all, and GUEST_REQUESTS_PER_CLIENT_HOUR
 * from one network address (nobody mails a list of strangers through the site). The address's
 * lapsed requests go first, so a new one can follow them.
 */
export const checkGuestRequest = async (
  req: PayloadRequest,
  request: { address: string; event: DocId; type?: DocId },
): Promise<void> => {
  const db = await transactionDb(req)
  const hours = settingsOf(req.payload).waitingList.guestConfirmHours
  await db.execute(sql`
    DELETE FROM waiting_list
     WHERE email = ${request.address} AND status = 'unconfirmed' AND ${lapsedSql(hours)}`)
  const { rows } = await db.execute<{ all: number; same: number }>(sql`
    SELECT count(*)::int AS all,
           (count(*) FILTER (WHERE event_id = ${request.event}
              AND coalesce(ticket_type_id::text, '') = ${request.type === undefined ? '' : String(request.type)}))::int AS same
      FROM waiting_list WHERE email = ${request.address} AND status = 'unconfirmed'`)
  const open = rows[0] ?? { all: 0, same: 0 }
  if (open.same > 0) {
    throw new PublicError(
      'A confirmation mail for this list was already sent to this address: confirm from it.',
      409,
      { field: 'email' },
    )
  }
  if (open.all >= GUEST_REQUESTS_PER_ADDRESS) {
    throw new PublicError(
      `This address has ${open.all} waiting-list requests still to confirm: confirm those first.`,
      429,
      { field: 'email' },
    )
  }
  if ((await recentRequestsOfClient(req)) >= GUEST_REQUESTS_PER_CLIENT_HOUR) {
    req.responseHeaders = new Headers({ 'Retry-After': '3600' })
    throw new PublicError(
      'Too many waiting-list requests from your network in the last hour: sign in, or try again later.',
      429,
      { retryAfter: 3600 },
    )
  }
}

type EventForMail = {
  startDate?: null | string
  title: string
  venue?: null | { timeZone?: null | string } | number | string
}

/** The link of a guest's confirmation mail (the site's page; it posts to confirm). */
export const guestConfirmUrl = (req: PayloadRequest, entry: DocId): string =>
  `${settingsOf(req.payload).mail.siteUrl}/waiting-list/confirm?${new URLSearchParams({
    entry: String(entry),
    token: guestConfirmToken(req.payload, entry),
  }).toString()}`

/**
 * The confirmation mail of a guest's request, rendered now (the `waitlist-confirm` template) and
 * queued on the outbox in the request's transaction: a join that rolls back sends nothing.
 */
export const mailGuestConfirmation = async (
  req: PayloadRequest,
  entry: { email: string; event: DocId; id: DocId },
): Promise<void> => {
  const event = (await req.payload.findByID({
    collection: slugs.events,
    depth: 1,
    id: entry.event,
    overrideAccess: true,
    populate: { [settingsOf(req.payload).slugs.venues]: { timeZone: true } },
    req,
    select: { startDate: true, title: true, venue: true },
  })) as unknown as EventForMail
  const timeZone = (typeof event.venue === 'object' && event.venue?.timeZone) || 'UTC'
  const [template, branding] = await Promise.all([
    templateFor(req, 'waitlist-confirm'),
    brandingOf(req),
  ])
  const mail = renderMail(
    template,
    {
      'event.start': venueTime(event.startDate, timeZone),
      'event.title': event.title,
      link: guestConfirmUrl(req, entry.id),
      'person.name': entry.email,
      'site.name': branding.siteName,
    },
    branding,
  )
  await queueStoredMail(req, { ...mail, kind: 'waitlist-confirm', to: entry.email })
}

/** The account of an address, made now (verified: the link proved the mailbox) when none has it. */
const accountOf = async (
  req: PayloadRequest,
  address: string,
): Promise<{ created: boolean; id: DocId }> => {
  const usersSlug = settingsOf(req.payload).slugs.users
  const db = await transactionDb(req)
  // Two confirmations of one address at once make one account.
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`account:${address}`}, 0))`)
  const { docs } = await req.payload.find({
    collection: usersSlug,
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    where: { email: { equals: address } },
  })
  if (docs[0]) return { created: false, id: docs[0].id }
  const account = await req.payload.create({
    collection: usersSlug,
    // No one knows this password: the person sets their own through "forgot password".
    data: {
      _verified: true,
      email: address,
      password: randomBytes(32).toString('base64url'),
    } as unknown as RequiredDataFromCollectionSlug<CollectionSlug>,
    depth: 0,
    disableVerificationEmail: true,
    overrideAccess: true,
    req,
  })
  return { created: true, id: account.id }
}

type GuestRow = {
  email: null | string
  event_id: string
  lapsed: boolean
  ticket_type: string
  status: string
  takes_bookings: boolean
}

export type GuestConfirmation = {
  /** Whether an account was made for the address (the person sets its password to sign in). */
  accountCreated: boolean
  /** The entry that holds the place in line (an earlier one of the account, if it had one). */
  entry: string
  event: string
  status: string
}

const invalidLink = () =>
  new PublicError('This confirmation link is not valid.', 404, { field: 'token' })

/**
 * Confirms a guest's request from the link in its mail: the entry joins the line as `waiting`
 * (from now) under the account of its address, made if there is none; seats already free are
 * offered by the next offer run. A second confirmation answers the same; one after
 * `guestConfirmHours` is a 410; one whose account is already on the list closes this entry
 * (`left`) and answers the account's own.
 */
export const confirmGuestEntry = (
  req: PayloadRequest,
  entryInput: unknown,
  tokenInput: unknown,
): Promise<GuestConfirmation> =>
  inTransaction(req, async () => {
    const { idType, waitingList } = settingsOf(req.payload)
    const id = parseId(entryInput, idType)
    if (id === undefined) {
      throw new PublicError('"entry" must be the entry of a confirmation link.', 400, {
        field: 'entry',
      })
    }
    if (!isGuestConfirmToken(req.payload, id, tokenInput)) {
      throw invalidLink()
    }
    const db = await transactionDb(req)
    const { rows } = await db.execute<GuestRow>(sql`
      SELECT w.status::text AS status, w.email, w.event_id::text AS event_id,
             coalesce(w.ticket_type_id::text, '') AS ticket_type,
             ${lapsedSql(waitingList.guestConfirmHours, sql`w.created_at`)} AS lapsed,
             (${sql.raw(publishedEventSql('e'))} AND e.start_date > now()) AS takes_bookings
        FROM waiting_list w JOIN events e ON e.id = w.event_id
       WHERE w.id = ${id} FOR UPDATE OF w`)
    const row = rows[0]
    const lapsed = new PublicError(
      `This request lapsed (not confirmed within ${waitingList.guestConfirmHours} hours): join the waiting list again.`,
      410,
    )
    // The token is genuine, so the entry existed: it lapsed and was deleted.
    if (!row) throw lapsed
    const answer = { accountCreated: false, entry: String(id), event: row.event_id }
    if (row.status !== 'unconfirmed') return { ...answer, status: row.status }
    if (row.lapsed || !row.email) throw lapsed
    if (!row.takes_bookings) {
      await db.execute(sql`
        UPDATE waiting_list SET status = 'removed', updated_at = now(),
               closed_reason = 'the event takes no bookings any more'
         WHERE id = ${id}`)
      return { ...answer, status: 'removed' }
    }
    const account = await accountOf(req, row.email)
    const { rows: own } = await db.execute<{ id: string; status: string }>(sql`
      SELECT id::text AS id, status::text AS status FROM waiting_list
       WHERE event_id = ${row.event_id} AND coalesce(ticket_type_id::text, '') = ${row.ticket_type}
         AND user_id = ${account.id} AND status IN ('waiting', 'offered')`)
    if (own[0]) {
      await db.execute(sql`
        UPDATE waiting_list SET status = 'left', user_id = ${account.id}, email = NULL,
               closed_reason = 'already on the list with an account', updated_at = now()
         WHERE id = ${id}`)
      return { ...answer, entry: own[0].id, status: own[0].status }
    }
    await db.execute(sql`
      UPDATE waiting_list SET status = 'waiting', user_id = ${account.id}, email = NULL,
             created_at = now(), updated_at = now()
       WHERE id = ${id}`)
    // Seats that are free already go to the line at the next offer run.
    await db.execute(sql`SELECT events_cms_queue_offers(${row.event_id})`)
    return { ...answer, accountCreated: account.created, status: 'waiting' }
  })

export type GuestRequestView = { eventSlug: null | string; eventTitle: string; status: string }

/** What a confirmation link is about, for the page that shows it (null: not a valid link). */
export const guestRequestByLink = async (
  payload: PayloadRequest['payload'],
  entryInput: unknown,
  tokenInput: unknown,
): Promise<null | GuestRequestView> => {
  const id = parseId(entryInput, settingsOf(payload).idType)
  if (id === undefined || !isGuestConfirmToken(payload, id, tokenInput)) return null
  const { rows } = await postgresAdapterOf(payload).drizzle.execute<{
    slug: null | string
    status: string
    title: string
  }>(sql`
    SELECT w.status::text AS status, e.title, e.slug
      FROM waiting_list w JOIN events e ON e.id = w.event_id WHERE w.id = ${id}`)
  const row = rows[0]
  return row ? { eventSlug: row.slug, eventTitle: row.title, status: row.status } : null
}
