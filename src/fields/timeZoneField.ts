import type { Field } from 'payload'

/** The canonical IANA name of a time zone ("europe/berlin" -> "Europe/Berlin"), or undefined. */
export const canonicalTimeZone = (value: unknown): string | undefined => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/** A venue's IANA time zone: opening hours and the free-slot search are read in it. */
export const timeZoneField: Field = {
  name: 'timeZone',
  type: 'text',
  admin: { description: 'IANA name, e.g. Europe/Berlin or America/New_York.' },
  defaultValue: 'UTC',
  hooks: { beforeValidate: [({ value }) => canonicalTimeZone(value) ?? value] },
  maxLength: 64,
  validate: (value: null | string | undefined) =>
    canonicalTimeZone(value) ? true : `"${String(value)}" is not an IANA time zone name.`,
}
