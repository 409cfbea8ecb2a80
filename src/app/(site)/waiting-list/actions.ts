'use server'
import { redirect } from 'next/navigation'
import { createLocalReq } from 'payload'

import { acceptOffer, declineOffer } from 'payload-events-cms/collections'

import { sitePayload } from '../_lib/payload'

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/**
 * Accepts or declines the offer of the link's token through the same path as
 * POST /api/waiting-list/accept and /decline (a second click answers the same); then the offer
 * page again with the outcome. Works without JavaScript (a form that posts).
 */
export async function answerOffer(form: FormData): Promise<void> {
  const token = text(form, 'token')
  const answer = text(form, 'answer') === 'decline' ? declineOffer : acceptOffer
  const payload = await sitePayload()
  let outcome = ''
  try {
    outcome = (await answer(await createLocalReq({}, payload), token)).status
  } catch (error) {
    const status = (error as { status?: number }).status ?? 500
    outcome = status < 500 ? (error as Error).message : 'That did not work; try again.'
  }
  redirect(`/waiting-list?${new URLSearchParams({ outcome, token }).toString()}`)
}
