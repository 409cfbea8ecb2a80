import type { PluginSettings } from '../settings'

/** Where a customer manages a booking on the site (`mail.bookingPath` under `mail.siteUrl`). */
export const bookingUrl = (
  settings: Pick<PluginSettings, 'mail'>,
  booking: { id: number | string; reference?: null | string },
): string =>
  settings.mail.siteUrl +
  settings.mail.bookingPath
    .replace('{id}', encodeURIComponent(String(booking.id)))
    .replace('{reference}', encodeURIComponent(booking.reference ?? ''))
