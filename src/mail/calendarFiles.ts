import { createEvents, type EventAttributes } from 'ics'

import { siteHost } from './siteHost'

/**
 * Calendar files (RFC 5545, through `ics`): times in UTC, so every calendar shows them on the
 * venue's clock without a VTIMEZONE. A booking's entry keeps one UID for its life and its event's
 * `calendarSequence` as SEQUENCE (raised on every change of time or venue), so a calendar updates
 * the entry it has; a cancellation is METHOD:CANCEL with the same UID.
 */

export type CalendarEntry = {
  description?: string
  end: string
  location?: string
  start: string
  title: string
  url?: string
}

const PRODUCT_ID = 'payload-events-cms'

/** One UID per booking, and one per event for the public feeds: stable across servers. */
export const bookingUid = (siteUrl: string, id: number | string): string =>
  `booking-${id}@${siteHost(siteUrl)}`
export const eventUid = (siteUrl: string, id: number | string): string =>
  `event-${id}@${siteHost(siteUrl)}`

const attributes = (
  entry: CalendarEntry,
  uid: string,
  sequence: number,
  cancelled: boolean,
): EventAttributes => ({
  description: entry.description,
  end: new Date(entry.end).getTime(),
  endInputType: 'utc',
  endOutputType: 'utc',
  location: entry.location,
  productId: PRODUCT_ID,
  sequence,
  start: new Date(entry.start).getTime(),
  startInputType: 'utc',
  startOutputType: 'utc',
  status: cancelled ? 'CANCELLED' : 'CONFIRMED',
  title: entry.title,
  uid,
  url: entry.url,
})

const build = (events: EventAttributes[], header: { calName?: string; method: string }): string => {
  const { error, value } = createEvents(events, { ...header, productId: PRODUCT_ID })
  if (error || !value) throw error ?? new Error('The calendar file could not be made.')
  return value
}

/** A booking's entry: METHOD:PUBLISH while it stands, METHOD:CANCEL once it is cancelled. */
export const bookingCalendar = (
  entry: CalendarEntry,
  { cancelled, sequence, uid }: { cancelled: boolean; sequence: number; uid: string },
): string =>
  build([attributes(entry, uid, sequence, cancelled)], { method: cancelled ? 'CANCEL' : 'PUBLISH' })

/** A feed of events (one, a venue's, a category's) to download or subscribe to. */
export const eventsCalendar = (
  calName: string,
  events: (CalendarEntry & { sequence: number; uid: string })[],
): string =>
  events.length === 0
    ? [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        `PRODID:${PRODUCT_ID}`,
        'METHOD:PUBLISH',
        `X-WR-CALNAME:${calName.replace(/[\\;,\n]/g, ' ')}`,
        'END:VCALENDAR',
        '',
      ].join('\r\n')
    : build(
        events.map((event) => attributes(event, event.uid, event.sequence, false)),
        { calName, method: 'PUBLISH' },
      )
