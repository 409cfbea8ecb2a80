'use server'
import { redirect } from 'next/navigation'

import { cancelBooking, startCheckout } from 'payload-events-cms/collections'

import { formText, outcomeOf } from '../../_lib/forms'
import { pathWith } from '../../_lib/messages'
import { currentUser, siteRequest } from '../../_lib/session'

const bookingPage = (id: string, params: Record<string, string> = {}) =>
  pathWith(`/bookings/${encodeURIComponent(id)}`, params)

const signedIn = async (id: string) => {
  const user = await currentUser()
  if (!user) redirect(`/account/sign-in?${new URLSearchParams({ next: await bookingPage(id) })}`)
  return user
}

/**
 * Starts (or finds: one open payment per booking and provider) the checkout of the hold, through
 * the operation of POST /api/bookings/:id/pay, and sends the visitor to the provider's page (the
 * test provider's in development), which comes back to this booking's page.
 */
export async function payBooking(form: FormData): Promise<void> {
  const id = formText(form, 'booking')
  const user = await signedIn(id)
  let target = ''
  try {
    const checkout = await startCheckout(await siteRequest(user), id, {
      cancelUrl: await bookingPage(id, { payment: 'cancelled' }),
      returnUrl: await bookingPage(id, { payment: 'done' }),
    })
    target = checkout.checkoutUrl ?? (await bookingPage(id))
  } catch (error) {
    redirect(await bookingPage(id, { problem: outcomeOf(error) }))
  }
  redirect(target)
}

/** Cancels through the event's booking lane (seats freed once), as PATCH {status: cancelled}. */
export async function cancelMyBooking(form: FormData): Promise<void> {
  const id = formText(form, 'booking')
  const user = await signedIn(id)
  try {
    await cancelBooking(await siteRequest(user), id)
  } catch (error) {
    redirect(await bookingPage(id, { problem: outcomeOf(error) }))
  }
  redirect(await bookingPage(id, { notice: 'Cancelled: the seats are free for others again.' }))
}
