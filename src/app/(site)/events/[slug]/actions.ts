'use server'
import { redirect } from 'next/navigation'
import type { RequiredDataFromCollectionSlug } from 'payload'

import { book } from 'payload-events-cms/collections'

import { formText, outcomeOf } from '../../_lib/forms'
import { pathWith } from '../../_lib/messages'
import { sitePayload } from '../../_lib/payload'
import { currentUser, siteRequest } from '../../_lib/session'

const eventPage = (slug: string, params: Record<string, string> = {}) =>
  pathWith(`/events/${encodeURIComponent(slug)}`, params)

const signInFirst = async (slug: string, why: string): Promise<never> =>
  redirect(await pathWith('/account/sign-in', { next: await eventPage(slug), notice: why }))

/** A quantity field: a whole number from 0 to 100 (anything else is 0: nothing of that type). */
const quantity = (value: string) => {
  const number = Number(value)
  return Number.isInteger(number) && number > 0 && number <= 100 ? number : 0
}

/**
 * Books the chosen quantities as the signed-in visitor through THE booking operation (the one
 * POST /api/bookings runs: its lane, its checks, its 409 "only N remain"), with the form's
 * idempotency key: a double click, a reload or Back and submit again answer the same booking.
 * Then the booking's page (hold, payment, tickets), or back to the event with the reason.
 */
export async function bookEvent(form: FormData): Promise<void> {
  const slug = formText(form, 'slug')
  const user = await currentUser()
  if (!user) return signInFirst(slug, 'Sign in or create an account to book.')
  const lines = [...form.keys()]
    .filter((key) => key.startsWith('qty:'))
    .map((key) => ({ quantity: quantity(formText(form, key)), ticketType: key.slice(4) }))
    .filter((line) => line.quantity > 0)
  const seats = quantity(formText(form, 'seats'))
  const hasTypes = [...form.keys()].some((key) => key.startsWith('qty:'))
  if (hasTypes ? lines.length === 0 : seats === 0) {
    redirect(await eventPage(slug, { problem: 'Choose how many tickets you want.' }))
  }
  let target = ''
  try {
    const { doc } = await book(await siteRequest(user), {
      event: formText(form, 'event'),
      idempotencyKey: formText(form, 'idempotencyKey') || undefined,
      ...(hasTypes ? { lines } : { seats }),
    })
    target = `/bookings/${encodeURIComponent(String(doc.id))}`
  } catch (error) {
    redirect(await eventPage(slug, { problem: outcomeOf(error, 'Booking failed; try again.') }))
  }
  redirect(target)
}

/**
 * Joins the waiting list of a sold-out event, through Payload's create (the same checks as
 * POST /api/waiting-list: sold out, once while waiting): as the signed-in visitor, or as a guest
 * with the address of the form where the event takes guests (a mail to confirm it follows); then
 * the event page with the outcome.
 */
export async function joinWaitingList(form: FormData): Promise<void> {
  const slug = formText(form, 'slug')
  const user = await currentUser()
  const email = formText(form, 'email')
  if (!user && !email) {
    return signInFirst(slug, 'Sign in or create an account to join the waiting list.')
  }
  let outcome = user ? 'joined' : 'confirm'
  try {
    const ticketType = formText(form, 'ticketType')
    await (
      await sitePayload()
    ).create({
      collection: 'waiting-list',
      data: {
        event: formText(form, 'event'),
        quantity: quantity(formText(form, 'quantity')) || 1,
        ...(ticketType ? { ticketType } : {}),
        ...(user ? {} : { email }),
      } as RequiredDataFromCollectionSlug<'waiting-list'>,
      overrideAccess: false,
      req: await siteRequest(user),
      ...(user ? { user } : {}),
    })
  } catch (error) {
    outcome = outcomeOf(error)
  }
  redirect(await eventPage(slug, { waitlist: outcome }))
}
