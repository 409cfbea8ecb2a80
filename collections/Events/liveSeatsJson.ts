import { randomUUID } from 'node:crypto'

import type { Payload } from 'payload'

import { type LiveSeatsRow, liveEventSeats, seatsLeft } from './liveSeats'

/**
 * The JSON text of a cached answer with its events' seat figures as they are now, without
 * serialising the whole answer on every hit (a page of 20 events at depth 1 is ~27 KB): the text
 * around the figures is made once per cached answer (kept beside the cached object, so it goes
 * when the answer leaves the cache) and a hit joins it with the live figures. The text is what
 * `JSON.stringify` gives for the answer with `seatsBooked` and `seatsAvailable` of each event
 * replaced (tests/liveSeatsJson.test.ts). An answer without events (the media list) is simply
 * serialised once.
 */
type Slot = { fallback: string; field: 'seatsAvailable' | 'seatsBooked'; id: string }
type Template = { ids: string[]; parts: string[]; slots: Slot[] }

/** Unguessable, so no text of a document can pass for a slot. */
const MARK = `events-cms-seats-${randomUUID()}`
const templates = new WeakMap<object, Template>()

const templateOf = (answer: object, eventDocs: readonly object[]): Template => {
  const known = templates.get(answer)
  if (known) return known
  const events = new Set(eventDocs)
  const slots: Slot[] = []
  const text = JSON.stringify(answer, function (this: unknown, key: string, value: unknown) {
    if ((key === 'seatsBooked' || key === 'seatsAvailable') && events.has(this as object)) {
      const { id } = this as { id: unknown }
      slots.push({ fallback: JSON.stringify(value) ?? 'null', field: key, id: String(id) })
      return MARK
    }
    return value
  })
  const template = {
    ids: [...new Set(slots.map(({ id }) => id))],
    parts: text.split(`"${MARK}"`),
    slots,
  }
  templates.set(answer, template)
  return template
}

/** The template's text with each slot's live figure (its cached one when the event has no row). */
const filled = (template: Template, rows: ReadonlyMap<string, LiveSeatsRow>): string => {
  let text = template.parts[0] ?? ''
  template.slots.forEach(({ fallback, field, id }, index) => {
    const row = rows.get(id)
    const value = !row
      ? fallback
      : String(field === 'seatsBooked' ? row.booked : seatsLeft(row.capacity, row.booked))
    text += value + (template.parts[index + 1] ?? '')
  })
  return text
}

const liveRows = async (payload: Payload, ids: string[]) => {
  const rows = await Promise.all(ids.map((id) => liveEventSeats(payload, id)))
  return new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])))
}

/** A cached list's JSON; for a list of events, with each event's live seats (one shared statement). */
export const listJson = async (
  payload: Payload,
  body: { docs: object[] },
  { events }: { events: boolean },
): Promise<string> => {
  const template = templateOf(body, events ? body.docs : [])
  return template.slots.length === 0
    ? (template.parts[0] ?? '')
    : filled(template, await liveRows(payload, template.ids))
}

/**
 * A cached event's JSON with its live seats, or undefined when it is no longer published or the
 * cached document lacks either figure (the object path adds them at the end: Payload answers).
 */
export const eventJson = async (
  payload: Payload,
  event: { id: number | string } & object,
): Promise<string | undefined> => {
  if (!('seatsBooked' in event) || !('seatsAvailable' in event)) return undefined
  const template = templateOf(event, [event])
  const rows = await liveRows(payload, template.ids)
  return rows.get(String(event.id))?.published ? filled(template, rows) : undefined
}
