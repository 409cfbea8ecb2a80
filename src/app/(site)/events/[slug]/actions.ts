'use server'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import type { RequiredDataFromCollectionSlug } from 'payload'

import { sitePayload } from '../../_lib/payload'

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/**
 * Joins the waiting list of a sold-out event as the signed-in visitor, through Payload's create
 * (the same checks as POST /api/waiting-list: sold out, once while waiting); then the event page
 * with the outcome. Works without JavaScript.
 */
export async function joinWaitingList(form: FormData): Promise<void> {
  const payload = await sitePayload()
  const { user } = await payload.auth({ headers: await headers() })
  const slug = text(form, 'slug')
  const back = (waitlist: string) =>
    `/events/${encodeURIComponent(slug)}?${new URLSearchParams({ waitlist }).toString()}`
  if (!user) redirect(back('Sign in to join the waiting list.'))
  let outcome = 'joined'
  try {
    await payload.create({
      collection: 'waiting-list',
      data: {
        event: text(form, 'event'),
        quantity: Number(text(form, 'quantity') || 1),
      } as RequiredDataFromCollectionSlug<'waiting-list'>,
      overrideAccess: false,
      user,
    })
  } catch (error) {
    const status = (error as { status?: number }).status ?? 500
    outcome = status < 500 ? (error as Error).message : 'That did not work; try again.'
  }
  redirect(back(outcome))
}
