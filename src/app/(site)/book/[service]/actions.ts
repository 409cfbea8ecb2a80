'use server'
import { redirect } from 'next/navigation'
import { createLocalReq } from 'payload'

import { createAppointment } from 'payload-events-cms/collections'

import { formText, outcomeOf } from '../../_lib/forms'
import { pathWith } from '../../_lib/messages'
import { sitePayload } from '../../_lib/payload'
import { currentUser } from '../../_lib/session'

/**
 * Books the chosen time as the signed-in visitor, through the same path as POST /api/appointments
 * (its lane, its checks, its 409 when the time was taken meanwhile); then the confirmation, or
 * back to the times with the reason. Works without JavaScript (a form that posts).
 */
export async function bookAppointment(form: FormData): Promise<void> {
  const payload = await sitePayload()
  const user = await currentUser()
  const service = formText(form, 'service')
  const back = (problem: string) =>
    pathWith(`/book/${encodeURIComponent(service)}`, {
      day: formText(form, 'day'),
      problem,
      venue: formText(form, 'venue'),
    })
  if (!user) redirect(await back('Sign in to book.'))
  let reference = ''
  try {
    const req = await createLocalReq({ user }, payload)
    const guests = Number(formText(form, 'guests') || 1)
    const { doc } = await createAppointment(
      req,
      {
        guests,
        idempotencyKey: formText(form, 'idempotencyKey') || undefined,
        notes: formText(form, 'notes') || undefined,
        service,
        start: formText(form, 'start'),
        venue: formText(form, 'venue'),
      },
      0,
    )
    reference = (doc as { reference: string }).reference
  } catch (error) {
    redirect(await back(outcomeOf(error, 'Booking failed; try again.')))
  }
  redirect(`/book/${encodeURIComponent(service)}/done?reference=${encodeURIComponent(reference)}`)
}
