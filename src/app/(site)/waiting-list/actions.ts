'use server'
import { redirect } from 'next/navigation'
import { createLocalReq } from 'payload'

import { acceptOffer, declineOffer } from 'payload-events-cms/collections'

import { formText, outcomeOf } from '../_lib/forms'
import { pathWith } from '../_lib/messages'
import { sitePayload } from '../_lib/payload'

/**
 * Accepts or declines the offer of the link's token through the same path as
 * POST /api/waiting-list/accept and /decline (a second click answers the same); then the offer
 * page again with the outcome. Works without JavaScript (a form that posts).
 */
export async function answerOffer(form: FormData): Promise<void> {
  const token = formText(form, 'token')
  const answer = formText(form, 'answer') === 'decline' ? declineOffer : acceptOffer
  const payload = await sitePayload()
  let outcome = ''
  try {
    outcome = (await answer(await createLocalReq({}, payload), token)).status
  } catch (error) {
    outcome = outcomeOf(error)
  }
  redirect(await pathWith('/waiting-list', { outcome, token }))
}
