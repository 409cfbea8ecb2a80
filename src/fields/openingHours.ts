import type { Field } from 'payload'

/** Week days as opening hours store them, Monday first (PostgreSQL's `isodow` is the index + 1). */
export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/

/** `HH:MM` on a 24-hour clock; a closing time may also be `24:00` (midnight at the day's end). */
export const isClockTime = (value: unknown, closing = false): value is string =>
  typeof value === 'string' && (CLOCK.test(value) || (closing && value === '24:00'))

const clockField = (name: 'closes' | 'opens'): Field => ({
  name,
  type: 'text',
  admin: { placeholder: name === 'opens' ? '09:00' : '17:30', width: '25%' },
  maxLength: 5,
  required: true,
  validate: (value: null | string | undefined) =>
    isClockTime(value, name === 'closes')
      ? true
      : `${name === 'opens' ? 'Opens' : 'Closes'} must be a time of day as HH:MM (00:00 to ${name === 'opens' ? '23:59' : '24:00'}).`,
})

/**
 * A venue's weekly opening hours in its own time zone: any number of ranges per day (a lunch
 * break is two ranges). Appointments fit inside them; events do not use them.
 */
export const openingHoursField: Field = {
  name: 'openingHours',
  type: 'array',
  admin: {
    description: "Weekly, in the venue's time zone. Several ranges a day for breaks.",
    initCollapsed: true,
  },
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'day',
          type: 'select',
          admin: { width: '30%' },
          options: weekDays.map((value) => ({ label: value, value })),
          required: true,
        },
        clockField('opens'),
        clockField('closes'),
      ],
    },
  ],
  interfaceName: 'OpeningHours',
  maxRows: 70,
  validate: (rows: unknown) => {
    if (!Array.isArray(rows)) return true
    const ranges = rows as { closes?: string; day?: string; opens?: string }[]
    for (const [index, row] of ranges.entries()) {
      if (!isClockTime(row.opens) || !isClockTime(row.closes, true)) continue
      if (row.opens >= row.closes)
        return `Opening hours on ${row.day ?? 'a day'}: ${row.opens} to ${row.closes} closes before it opens.`
      // Ranges of one day may touch but not overlap (a start would be offered twice).
      const clash = ranges.find(
        (other, at) =>
          at < index &&
          other.day === row.day &&
          isClockTime(other.opens) &&
          isClockTime(other.closes, true) &&
          other.opens < (row.closes as string) &&
          (row.opens as string) < other.closes,
      )
      if (clash)
        return `Opening hours on ${row.day ?? 'a day'}: ${row.opens} to ${row.closes} overlaps ${clash.opens} to ${clash.closes}.`
    }
    return true
  },
}
