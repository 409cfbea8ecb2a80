/**
 * Every mail the plugin sends, with the text it sends when editors have not changed it (the
 * `mail-templates` collection). Placeholders in double braces are filled at send time
 * (./renderTemplate.ts lists them); a paragraph is a blank line.
 */
/** Mails about one booking: queued by the database (src/db/mailRulesSql.ts), one per version. */
export const bookingMailKinds = [
  'booking-confirmed',
  'hold-reminder',
  'booking-cancelled',
  'booking-refunded',
  'refund-issued',
  'event-changed',
  'event-cancelled',
  'waitlist-offer',
] as const
export type BookingMailKind = (typeof bookingMailKinds)[number]

/**
 * Every kind with a template: the booking mails, Payload's own account mails, and the address
 * confirmation of a guest who joins a waiting list (rendered when the guest joins, stored, sent
 * by the outbox: collections/WaitingList/guestEntries.ts).
 */
export const mailKinds = [
  ...bookingMailKinds,
  'password-reset',
  'verify-email',
  'waitlist-confirm',
] as const
export type MailKind = (typeof mailKinds)[number]

/** A form's own notification (its words are the form's, set in the form builder). */
export const FORM_NOTIFICATION = 'form-notification'

export const isBookingMailKind = (value: unknown): value is BookingMailKind =>
  (bookingMailKinds as readonly unknown[]).includes(value)

export type MailTemplate = { subject: string; body: string }

export const defaultTemplates: Record<MailKind, MailTemplate> = {
  'booking-cancelled': {
    subject: 'Cancelled: {{event.title}} ({{booking.reference}})',
    body: `Hello {{person.name}},

your booking {{booking.reference}} for {{event.title}} on {{event.start}} is cancelled. The attached calendar entry removes it from your calendar.

{{site.name}}`,
  },
  'booking-confirmed': {
    subject: 'Your tickets for {{event.title}} ({{booking.reference}})',
    body: `Hello {{person.name}},

thank you for your booking. Here are your tickets for {{event.title}} on {{event.start}} at {{venue.name}}.

Booking reference: {{booking.reference}}
Total: {{booking.total}}

Show the QR code of each ticket at the door. Manage your booking: {{booking.url}}

{{site.name}}`,
  },
  'booking-refunded': {
    subject: 'Refunded: {{event.title}} ({{booking.reference}})',
    body: `Hello {{person.name}},

your booking {{booking.reference}} for {{event.title}} is refunded ({{booking.total}}). Its tickets are no longer valid.

{{site.name}}`,
  },
  'refund-issued': {
    subject: 'Refund of {{refund.amount}}: {{event.title}} ({{booking.reference}})',
    body: `Hello {{person.name}},

we refunded {{refund.amount}} of your booking {{booking.reference}} for {{event.title}}. It reaches you the way you paid.

Manage your booking: {{booking.url}}

{{site.name}}`,
  },
  'event-cancelled': {
    subject: 'Cancelled by the organizer: {{event.title}}',
    body: `Hello {{person.name}},

we are sorry: {{event.title}} on {{event.start}} is cancelled. Your booking {{booking.reference}} is cancelled with it; the attached calendar entry removes it from your calendar.

{{site.name}}`,
  },
  'event-changed': {
    subject: 'Changed: {{event.title}} is now on {{event.start}}',
    body: `Hello {{person.name}},

{{event.title}} has changed. It now takes place on {{event.start}} at {{venue.name}}, {{venue.address}}. Your booking {{booking.reference}} stays valid; the attached calendar entry updates your calendar.

Manage your booking: {{booking.url}}

{{site.name}}`,
  },
  'hold-reminder': {
    subject: 'Your seats for {{event.title}} are held until {{booking.expiresAt}}',
    body: `Hello {{person.name}},

we are holding {{booking.seats}} seat(s) for {{event.title}} for you until {{booking.expiresAt}}. Complete your booking {{booking.reference}} ({{booking.total}}) before then, or the seats go back on sale.

Complete it here: {{booking.url}}

{{site.name}}`,
  },
  'waitlist-offer': {
    subject: 'Seats for you: {{event.title}}',
    body: `Hello {{person.name}},

good news: {{booking.seats}} seat(s) for {{event.title}} on {{event.start}} became free, and they are yours if you want them. We hold them for you until {{booking.expiresAt}}.

Accept (or decline) here: {{link}}

If you do nothing, the seats go to the next person waiting.

{{site.name}}`,
  },
  'waitlist-confirm': {
    subject: 'Confirm your place on the waiting list: {{event.title}}',
    body: `Hello,

someone (hopefully you) asked to join the waiting list of {{event.title}} on {{event.start}} with this address. Confirm it here to take your place in line:

{{link}}

We will then mail you an offer when seats free up, and make you an account with this address so that you can manage your booking. If it was not you, ignore this mail: nothing happens, and the request is deleted.

{{site.name}}`,
  },
  'password-reset': {
    subject: 'Reset your password for {{site.name}}',
    body: `Hello {{person.name}},

someone (hopefully you) asked to reset the password of your account. Choose a new one here:

{{link}}

If it was not you, ignore this mail: your password stays as it is.

{{site.name}}`,
  },
  'verify-email': {
    subject: 'Confirm your e-mail address for {{site.name}}',
    body: `Hello {{person.name}},

please confirm your e-mail address to finish signing up:

{{link}}

{{site.name}}`,
  },
}
