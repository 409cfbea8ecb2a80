'use server'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { createLocalReq } from 'payload'

import { createAppointment } from 'payload-events-cms/collections'

import { sitePayload } from '../../_lib/payload'

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/**
 * Books the chosen time as the signed-in visitor, through the same path as POST /api/appointments
 * (its lane, its checks, its 409 when the time was taken meanwhile); then the confirmation, or
 * back to the times with the reason. Works without JavaScript (a form that posts).
 */
export async function bookAppointment(form: FormData): Promise<void> {
  const payload = await sitePayload()
  const { user } = await payload.auth({ headers: await headers() })
  const service = text(form, 'service')
  const back = (problem: string) =>
    `/book/${encodeURIComponent(service)}?${new URLSearchParams({
      day: text(form, 'day'),
      problem,
      venue: text(form, 'venue'),
    }).toString()}`
  if (!user) redirect(back('Sign in to book.'))
  let reference = ''
  try {
    const req = await createLocalReq({ user }, payload)
    const guests = Number(text(form, 'guests') || 1)
    const { doc } = await createAppointment(
      req,
      {
        guests,
        idempotencyKey: text(form, 'idempotencyKey') || undefined,
        notes: text(form, 'notes') || undefined,
        service,
        start: text(form, 'start'),
        venue: text(form, 'venue'),
      },
      0,
    )
    reference = (doc as { reference: string }).reference
  } catch (error) {
    const status = (error as { status?: number }).status ?? 500
    redirect(back(status < 500 ? (error as Error).message : 'Booking failed; try again.'))
  }
  redirect(`/book/${encodeURIComponent(service)}/done?reference=${encodeURIComponent(reference)}`)
}
