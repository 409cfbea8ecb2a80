const MINUTE = 60_000

const formats = new Map<string, Intl.DateTimeFormat>()

/** The offset (ms) of `timeZone` from UTC at the instant `at`. */
export const zoneOffset = (at: number, timeZone: string): number => {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      day: 'numeric',
      hour: 'numeric',
      hourCycle: 'h23',
      minute: 'numeric',
      month: 'numeric',
      timeZone,
      year: 'numeric',
    })
    formats.set(timeZone, format)
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)]))
  const local = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day, part.hour, part.minute)
  return local - Math.floor(at / MINUTE) * MINUTE
}

/**
 * The instant of a clock time (`HH:MM`) on a calendar day (`YYYY-MM-DD`) in `timeZone`, as
 * PostgreSQL's `(day + time) AT TIME ZONE zone` gives it (a time skipped by a change to summer
 * time lands an hour later). For screens and scripts; the free-slot search does this in SQL.
 */
export const zonedInstant = (day: string, clock: string, timeZone: string): number => {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number)
  const naive = Date.parse(`${day}T00:00:00Z`) + (hours * 60 + minutes) * MINUTE
  let at = naive
  for (let round = 0; round < 2; round++) at = naive - zoneOffset(at, timeZone)
  return at
}

/** An instant on the clock of `timeZone`: `YYYY-MM-DD` and `HH:MM`. */
export const zonedClock = (at: number, timeZone: string): { clock: string; day: string } => {
  const local = new Date(at + zoneOffset(at, timeZone)).toISOString()
  return { clock: local.slice(11, 16), day: local.slice(0, 10) }
}
