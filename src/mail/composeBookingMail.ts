import { sql } from '@payloadcms/db-postgres'
import QRCode from 'qrcode'
import type { PayloadRequest } from 'payload'

import type { AccountDoc, BookingDoc, EventDoc } from '../documents'
import { normalizeEmail } from '../privacy/emailAddresses'
import { erasedEmail } from '../privacy/eraseAccount'
import { bookingUrl } from './bookingUrl'
import { settingsOf } from '../settings'
import { slugs } from '../slugs'
import { groupedTicketCode, ticketCode, ticketCodeKey } from '../tickets/ticketCodes'
import { ticketRows } from '../tickets/ticketViews'
import { type DocId, idOf } from '../utilities/ids'
import { transactionDb } from '../utilities/transactionDb'
import { offerToken } from '../tickets/offerTokens'
import { bookingCalendar, bookingUid } from './calendarFiles'
import type { BookingMailKind } from './mailKinds'
import { brandingOf, moneyText, templateFor, venueTime } from './mailContext'
import { escapeHtml, type MailValues, renderMail } from './renderTemplate'

export type MailAttachment = {
  cid?: string
  content: Buffer | string
  contentType: string
  filename: string
}

export type ComposedMail = {
  attachments: MailAttachment[]
  html: string
  recipient: DocId | null
  subject: string
  text: string
  to: string
}

export type BookingMailInput = { booking: DocId; kind: BookingMailKind; version: number }

type VenueDoc = {
  address?: { city?: null | string; postalCode?: null | string; street?: null | string } | null
  name?: string
  timeZone?: null | string
}
type EventWithVenue = EventDoc & { endDate?: null | string }

/** The event's calendar sequence (a column the database keeps: src/db/mailRulesSql.ts). */
export const calendarSequenceOf = async (req: PayloadRequest, event: DocId): Promise<number> => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ sequence: number }>(
    sql`SELECT calendar_sequence AS sequence FROM events WHERE id = ${event}`,
  )
  return Number(rows[0]?.sequence ?? 0)
}

type OfferRow = { entry: string; live: boolean; offers: number; status: string }

/** The waiting-list entry whose offer this booking holds, if it is one (none without the list). */
const offerOf = async (req: PayloadRequest, booking: DocId): Promise<null | OfferRow> => {
  if (!settingsOf(req.payload).parts.waitingList) return null
  const db = await transactionDb(req)
  const { rows } = await db.execute<OfferRow>(sql`
    SELECT id::text AS entry, status::text AS status, offers::int AS offers,
           offer_expires_at > now() AS live
      FROM waiting_list WHERE booking_id = ${booking} LIMIT 1`)
  return rows[0] ?? null
}

type RefundMail = { amount: string; last: boolean }

/** The booking's `version`-th settled refund, and whether it is the latest one. */
const refundOf = async (
  req: PayloadRequest,
  booking: BookingDoc,
  version: number,
): Promise<null | RefundMail> => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ amount: string; settled: number }>(sql`
    SELECT amount::text AS amount, count(*) OVER ()::int AS settled FROM refunds
     WHERE booking_id = ${booking.id} AND status = 'done' ORDER BY updated_at, id`)
  const row = rows[version - 1]
  return row
    ? { amount: moneyText(Number(row.amount), booking.currency), last: version >= row.settled }
    : null
}

/** Why a queued mail is no longer worth sending (the booking moved on before it went out). */
const staleness = (
  kind: BookingMailKind,
  booking: BookingDoc,
  sequence: number,
  version: number,
  offer: null | OfferRow,
  refund: null | RefundMail,
): null | string => {
  const { status } = booking
  // An offer's hold has its own mail; until it is accepted it is no booking of the person's.
  if (offer && offer.status !== 'accepted' && kind !== 'waitlist-offer') {
    return 'a waiting-list offer (its own mail)'
  }
  switch (kind) {
    case 'waitlist-offer':
      if (!offer || offer.status !== 'offered' || offer.offers !== version) {
        return 'the offer was answered or replaced'
      }
      return offer.live && status === 'pending' ? null : 'the offer lapsed'
    case 'booking-confirmed':
      return status === 'confirmed' ? null : `the booking is ${status} now`
    case 'hold-reminder':
      return status === 'pending' && booking.expiresAt && Date.parse(booking.expiresAt) > Date.now()
        ? null
        : 'the hold is no longer pending'
    case 'event-changed':
      if (status !== 'pending' && status !== 'confirmed') return `the booking is ${status} now`
      return sequence > version ? 'a later change was announced' : null
    case 'booking-cancelled':
    case 'event-cancelled':
      return status === 'cancelled' ? null : `the booking is ${status} now`
    case 'booking-refunded':
      return status === 'refunded' ? null : `the booking is ${status} now`
    case 'refund-issued':
      if (!refund) return 'no such refund'
      // The refund that completed a full refund is told by the booking-refunded mail.
      return status === 'refunded' && refund.last ? 'the booking-refunded mail tells it' : null
  }
}

const venueAddress = (venue: null | VenueDoc) =>
  [
    venue?.address?.street,
    [venue?.address?.postalCode, venue?.address?.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ')

/** Each ticket with its code as text and as a QR image in the mail (CID: Gmail and Outlook block data: URLs). */
const ticketParts = async (req: PayloadRequest, booking: BookingDoc) => {
  const key = ticketCodeKey(req.payload)
  const rows = await ticketRows(req, 'booking', booking.id)
  const attachments: MailAttachment[] = []
  const html: string[] = []
  const text: string[] = []
  for (const [index, row] of rows.entries()) {
    const code = ticketCode(key, row.id, row.version)
    const cid = `ticket-${row.id}@events-cms`
    const label = `Ticket ${index + 1}${row.ticket_type_name ? ` (${row.ticket_type_name})` : ''}${row.attendee_name ? `: ${row.attendee_name}` : ''}`
    attachments.push({
      cid,
      content: await QRCode.toBuffer(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 }),
      contentType: 'image/png',
      filename: `ticket-${index + 1}.png`,
    })
    html.push(
      `<div style="border:1px solid #e4e4e7;border-radius:8px;padding:12px;margin:12px 0;text-align:center">` +
        `<div style="font-weight:bold">${escapeHtml(label)}</div>` +
        `<img src="cid:${cid}" width="200" height="200" alt="QR code of ticket ${index + 1}">` +
        `<div style="font-family:monospace">${escapeHtml(groupedTicketCode(code))}</div></div>`,
    )
    text.push(`${label}: ${groupedTicketCode(code)}`)
  }
  return { attachments, html: html.join(''), text: text.join('\n') }
}

const linesPart = (booking: BookingDoc) => {
  const lines = booking.lines ?? []
  if (lines.length === 0) return { html: '', text: '' }
  const rows = lines.map(
    (line) =>
      `<tr><td>${escapeHtml(line.name)}</td><td style="text-align:right">${line.quantity}</td>` +
      `<td style="text-align:right">${escapeHtml(moneyText(line.unitPrice, booking.currency))}</td></tr>`,
  )
  return {
    html:
      `<table style="width:100%;border-collapse:collapse;margin:12px 0"><tr><th style="text-align:left">Ticket</th>` +
      `<th style="text-align:right">Qty</th><th style="text-align:right">Price</th></tr>${rows.join('')}` +
      `<tr><td colspan="2"><strong>Total</strong></td><td style="text-align:right"><strong>` +
      `${escapeHtml(moneyText(booking.totalPrice, booking.currency))}</strong></td></tr></table>`,
    text: lines
      .map(
        (line) =>
          `${line.quantity} x ${line.name} at ${moneyText(line.unitPrice, booking.currency)}`,
      )
      .join('\n'),
  }
}

/**
 * A booking mail as it goes out now: read fresh (the job holds ids only), rendered with the
 * template editors set, with the tickets' QR codes and the calendar entry where they belong.
 * Answers why not instead when the mail is no longer worth sending or has no one to go to.
 */
export const composeBookingMail = async (
  req: PayloadRequest,
  { booking: bookingId, kind, version }: BookingMailInput,
): Promise<ComposedMail | { skip: string }> => {
  const settings = settingsOf(req.payload)
  const booking = (await req.payload
    .findByID({ collection: slugs.bookings, depth: 0, id: bookingId, req })
    .catch(() => null)) as BookingDoc | null
  if (!booking) return { skip: 'the booking no longer exists' }
  const eventId = idOf(booking.event)
  const event = (
    eventId === undefined
      ? null
      : await req.payload
          .findByID({ collection: slugs.events, depth: 1, id: eventId, req })
          .catch(() => null)
  ) as EventWithVenue | null
  if (!event) return { skip: 'the event no longer exists' }
  const sequence = await calendarSequenceOf(req, event.id)
  const offer = await offerOf(req, booking.id)
  const refund = kind === 'refund-issued' ? await refundOf(req, booking, version) : null
  const stale = staleness(kind, booking, sequence, version, offer, refund)
  if (stale) return { skip: stale }

  const userId = idOf(booking.user) ?? null
  const account = (
    userId === null
      ? null
      : await req.payload
          .findByID({ collection: settings.slugs.users, depth: 0, id: userId, req })
          .catch(() => null)
  ) as AccountDoc | null
  const address = account?.email ?? booking.contactSnapshot?.email
  if (!address || (userId !== null && account?.email === erasedEmail(userId))) {
    return { skip: 'no one to send it to (no address, or the account was erased)' }
  }
  const to = normalizeEmail(address)
  const venue = (typeof event.venue === 'object' ? event.venue : null) as null | VenueDoc
  const timeZone = venue?.timeZone || 'UTC'
  const manageUrl = bookingUrl(settings, booking)
  const values: MailValues = {
    'booking.expiresAt': venueTime(booking.expiresAt, timeZone),
    'booking.reference': booking.reference ?? '',
    'booking.seats': String(booking.seats),
    'booking.total': moneyText(booking.totalPrice, booking.currency),
    'booking.url': manageUrl,
    'event.end': venueTime(event.endDate, timeZone),
    'event.start': venueTime(event.startDate, timeZone),
    'event.title': event.title,
    link: offer
      ? `${settings.mail.siteUrl}/waiting-list?token=${offerToken(req.payload, offer.entry, version)}`
      : '',
    'person.name': account?.name || booking.contactSnapshot?.name || to,
    'refund.amount': refund?.amount ?? '',
    'venue.address': venueAddress(venue),
    'venue.name': venue?.name ?? '',
  }
  const [template, branding] = await Promise.all([templateFor(req, kind), brandingOf(req)])
  values['site.name'] = branding.siteName

  const attachments: MailAttachment[] = []
  const extra = { html: '', text: '' }
  if (kind === 'booking-confirmed' || kind === 'hold-reminder') {
    const lines = linesPart(booking)
    extra.html += lines.html
    extra.text += lines.text
  }
  if (kind === 'booking-confirmed') {
    const tickets = await ticketParts(req, booking)
    attachments.push(...tickets.attachments)
    extra.html += tickets.html
    extra.text += `\n\n${tickets.text}`
  }
  if (kind !== 'hold-reminder' && kind !== 'waitlist-offer') {
    const cancelled = kind !== 'booking-confirmed' && kind !== 'event-changed'
    attachments.push({
      content: bookingCalendar(
        {
          description: `Booking ${booking.reference ?? ''}: ${manageUrl}`,
          end: event.endDate ?? event.startDate,
          location: [venue?.name, venueAddress(venue)].filter(Boolean).join(', '),
          start: event.startDate,
          timeZone,
          title: event.title,
          url: manageUrl,
        },
        {
          cancelled,
          sequence,
          uid: bookingUid(settings.mail.siteUrl, booking.id),
        },
      ),
      contentType: `text/calendar; charset=utf-8; method=${cancelled ? 'CANCEL' : 'PUBLISH'}`,
      filename: `booking-${booking.reference ?? booking.id}.ics`,
    })
  }
  const rendered = renderMail(template, values, branding, extra)
  return { ...rendered, attachments, recipient: userId, to }
}
