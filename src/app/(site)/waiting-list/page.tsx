import type { Metadata } from 'next'

import { offerByToken } from 'payload-events-cms/collections'

import { messagesOf } from '../_lib/messages'
import { sitePayload } from '../_lib/payload'
import { answerOffer } from './actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Your waiting-list offer' }

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' })

/**
 * /waiting-list?token=: the offer a waiting-list mail links to, with Accept and Decline (forms
 * that post; following the link itself changes nothing, so mail scanners that open links do not
 * answer offers).
 */
export default async function OfferPage({ searchParams }: Props) {
  const query = await searchParams
  const token = first(query.token) ?? ''
  const { outcome } = await messagesOf(query)
  const offer = await offerByToken(await sitePayload(), token)
  if (!offer) {
    return (
      <article className="offer">
        <h1>Offer not found</h1>
        <p>This link is not valid. Check that it was copied whole from the mail.</p>
      </article>
    )
  }
  const eventLink = offer.eventSlug ? `/events/${offer.eventSlug}` : undefined
  return (
    <article className="offer" data-offer-status={offer.status}>
      <h1>{offer.eventTitle}</h1>
      {outcome ? (
        <p className="outcome" role="status">
          {outcome === 'accepted'
            ? 'Accepted: the seats are yours. Your confirmation is on its way by mail.'
            : outcome === 'declined'
              ? 'Declined: the seats go to the next person waiting. Thank you for letting us know.'
              : outcome}
        </p>
      ) : null}
      {offer.status === 'offered' ? (
        <>
          <p>
            {offer.quantity} seat{offer.quantity === 1 ? '' : 's'} for you, held until{' '}
            {offer.expiresAt ? when.format(new Date(offer.expiresAt)) : 'soon'}.
          </p>
          <form action={answerOffer} className="offer-answer">
            <input name="token" type="hidden" value={token} />
            <button name="answer" type="submit" value="accept">
              Accept the seats
            </button>{' '}
            <button name="answer" type="submit" value="decline">
              Decline
            </button>
          </form>
        </>
      ) : offer.status === 'expired' ? (
        <p>This offer has expired; its seats went to the next person waiting.</p>
      ) : offer.status !== 'accepted' ? (
        <p>This offer was {offer.status}.</p>
      ) : null}
      {eventLink ? (
        <p>
          <a href={eventLink}>About the event</a>
        </p>
      ) : null}
    </article>
  )
}
