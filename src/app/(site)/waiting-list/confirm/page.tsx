import type { Metadata } from 'next'

import { guestRequestByLink } from 'payload-events-cms/collections'

import { firstParam } from '../../_lib/forms'
import { messagesOf } from '../../_lib/messages'
import { sitePayload } from '../../_lib/payload'
import { confirmGuestRequest } from './actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Confirm your place in line' }

const OUTCOMES: Record<string, string> = {
  left: 'You were already on this waiting list with your account: your place there stands.',
  offered: 'You are on the waiting list, and seats are already held for you: see your mail.',
  removed: 'This event takes no bookings any more, so its waiting list is closed.',
  waiting: 'Confirmed: you are on the waiting list. We will mail you an offer when seats free up.',
}

/**
 * /waiting-list/confirm?entry=&token=: where a guest's confirmation mail links to. Confirming is
 * a button (a form that posts), so mail scanners that open links confirm nothing.
 */
export default async function ConfirmGuestPage({ searchParams }: Props) {
  const query = await searchParams
  const entry = firstParam(query.entry) ?? ''
  const token = firstParam(query.token) ?? ''
  const { outcome } = await messagesOf(query)
  const request = await guestRequestByLink(await sitePayload(), entry, token)
  if (!request && !outcome) {
    return (
      <section className="block account-form">
        <h1>Link not valid</h1>
        <p>
          This link is not valid, or the request lapsed. Check that it was copied whole from the
          mail, or join the waiting list again.
        </p>
      </section>
    )
  }
  const eventLink = request?.eventSlug ? `/events/${request.eventSlug}` : undefined
  return (
    <section className="block account-form" data-request-status={request?.status}>
      <h1>{request ? `Waiting list: ${request.eventTitle}` : 'Waiting list'}</h1>
      {outcome ? (
        <p className="outcome" role="status">
          {OUTCOMES[outcome] ?? outcome}
        </p>
      ) : null}
      {firstParam(query.account) === 'new' ? (
        <p>
          We made you an account with this address, so that you can manage your booking when seats
          come free. To sign in, <a href="/account/forgot-password">choose a password</a>.
        </p>
      ) : null}
      {request?.status === 'unconfirmed' ? (
        <form action={confirmGuestRequest}>
          <input name="entry" type="hidden" value={entry} />
          <input name="token" type="hidden" value={token} />
          <button type="submit">Confirm my place in line</button>
        </form>
      ) : null}
      {eventLink ? (
        <p>
          <a href={eventLink}>About the event</a>
        </p>
      ) : null}
    </section>
  )
}
