/** Money as the site shows it: "Free" for nothing, else in the booking's currency. */
export const money = (amount: number | string, currency: string): string =>
  Number(amount) === 0
    ? 'Free'
    : new Intl.NumberFormat('en-GB', { currency, style: 'currency' }).format(Number(amount))

/** A moment on a venue's clock, with its zone named ("Sat 5 Jun 2027, 19:30 CEST"). */
export const whenAt = (iso: string, timeZone = 'UTC'): string =>
  new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso)) + ` (${timeZoneName(iso, timeZone)})`

const timeZoneName = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find(({ type }) => type === 'timeZoneName')?.value ?? timeZone

/** A short date for lists ("Sat 5 Jun 2027, 19:30"). */
export const shortWhen = (iso: string, timeZone = 'UTC'): string =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    month: 'short',
    timeZone,
    weekday: 'short',
    year: 'numeric',
  }).format(new Date(iso))
