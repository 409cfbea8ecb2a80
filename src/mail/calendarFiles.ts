import { createEvents, type EventAttributes } from 'ics'
import { tzlib_get_ical_block } from 'timezones-ical-library'

import { zoneOffset } from '../utilities/zonedTime'
import { siteHost } from './siteHost'

/**
 * Calendar files (RFC 5545, through `ics`). Times are on the venue's clock with its TZID and the
 * zone's VTIMEZONE (from `timezones-ical-library`), so a calendar shows the event where it happens
 * and moves it correctly across daylight-saving changes; a venue in UTC (or a zone the library
 * does not know) gets UTC times. A booking's entry keeps one UID for its life and its event's
 * `calendarSequence` as SEQUENCE (raised on every change of time or venue), so a calendar updates
 * the entry it has; a cancellation is METHOD:CANCEL with the same UID.
 */

export type CalendarEntry = {
  description?: string
  end: string
  location?: string
  start: string
  /** The venue's IANA time zone. */
  timeZone?: null | string
  title: string
  url?: string
}

/** The zone's VTIMEZONE block, or undefined for UTC and zones the library does not know. */
const vtimezoneOf = (timeZone: null | string | undefined): string | undefined => {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return undefined
  const block = tzlib_get_ical_block(timeZone)
  return Array.isArray(block) && block[0]?.startsWith('BEGIN:VTIMEZONE') ? block[0] : undefined
}

/** `20271217T164200Z` as the wall clock of `timeZone`: `20271217T174200`. */
const localStamp = (utcStamp: string, timeZone: string): string => {
  const match = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(utcStamp)
  if (!match) return utcStamp
  const [, y, mo, d, h, mi, se] = match.map(Number) as number[]
  const at = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, se)
  return new Date(at + zoneOffset(at, timeZone))
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '')
}

/**
 * The file `ics` made in UTC with each entry's DTSTART and DTEND on its venue's clock (TZID) and
 * one VTIMEZONE per zone before the first event.
 */
const onVenueClocks = (file: string, zones: (null | string | undefined)[]): string => {
  const blocks = new Map<string, string>()
  let index = -1
  const lines = file.split('\r\n').map((line) => {
    if (line === 'BEGIN:VEVENT') index += 1
    const match = /^(DTSTART|DTEND)(?:;VALUE=DATE-TIME)?:(\d{8}T\d{6}Z)$/.exec(line)
    const zone = zones[index]
    const block = match ? vtimezoneOf(zone) : undefined
    if (!match || !block || !zone) return line
    blocks.set(zone, block)
    return `${match[1]};TZID=${zone}:${localStamp(match[2] ?? '', zone)}`
  })
  const first = lines.indexOf('BEGIN:VEVENT')
  if (blocks.size === 0 || first < 0) return file
  lines.splice(first, 0, ...[...blocks.values()].flatMap((block) => block.split('\r\n')))
  return lines.join('\r\n')
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
  onVenueClocks(
    build([attributes(entry, uid, sequence, cancelled)], {
      method: cancelled ? 'CANCEL' : 'PUBLISH',
    }),
    [entry.timeZone],
  )

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
    : onVenueClocks(
        build(
          events.map((event) => attributes(event, event.uid, event.sequence, false)),
          { calName, method: 'PUBLISH' },
        ),
        events.map(({ timeZone }) => timeZone),
      )
