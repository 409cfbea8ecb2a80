/** Field validators shared by several collections; messages name the field for clear 400s. */
export const wholeNumberAbove =
  (min: number, label: string) =>
  (value: null | number | undefined): string | true =>
    Number.isInteger(value) && (value ?? min) > min
      ? true
      : `${label} must be a whole number above ${min}.`

export const inRange =
  (min: number, max: number, label: string) =>
  (value: null | number | undefined): string | true =>
    value === null || value === undefined || (value >= min && value <= max)
      ? true
      : `${label} must be between ${min} and ${max}.`

/** A whole number from `min` to `max` (the database CHECKs refuse a fraction with a 500). */
export const wholeNumberInRange =
  (min: number, max: number, label: string) =>
  (value: null | number | undefined): string | true =>
    value === null ||
    value === undefined ||
    (Number.isInteger(value) && value >= min && value <= max)
      ? true
      : `${label} must be a whole number from ${min} to ${max}.`

/** An exact price: 0 or more, at most 2 decimals (events and ticket types alike). */
export const validPrice = (value: null | number | undefined): string | true =>
  typeof value === 'number' &&
  value >= 0 &&
  value <= 1_000_000_000 &&
  Math.abs(value * 100 - Math.round(value * 100)) < 1e-6
    ? true
    : 'Price must be 0 or more, with at most 2 decimals.'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The one email check: field validators and form submissions both use it. */
export const isEmail = (value: string): boolean => EMAIL.test(value)
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i

/** Optional fields: empty passes; `required` on the field demands a value. */
const optional =
  (test: (value: string) => boolean, message: string) =>
  (value: null | string | undefined): string | true =>
    value === null || value === undefined || value === '' || test(value) ? true : message

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

export const validEmail = (label: string) => optional(isEmail, `${label} must be an email address.`)

export const validHexColor = (label: string) =>
  optional((value) => HEX_COLOR.test(value), `${label} must be a hex colour such as #1a2b3c.`)

export const validHttpUrl = (label: string) =>
  optional(isHttpUrl, `${label} must be a full http(s) URL, e.g. https://example.com/page.`)

/** A link inside the site ("/events") or a full http(s) URL. */
export const validLink = (label: string) =>
  optional(
    (value) => (value.startsWith('/') && !value.startsWith('//')) || isHttpUrl(value),
    `${label} must start with "/" (a page of this site) or be a full http(s) URL.`,
  )
