'use server'
import { redirect } from 'next/navigation'

import { confirmGuestEntry } from 'payload-events-cms/collections'

import { formText, outcomeOf } from '../../_lib/forms'
import { pathWith } from '../../_lib/messages'
import { siteRequest } from '../../_lib/session'

/**
 * Confirms a guest's waiting-list request through the same path as
 * POST /api/waiting-list/confirm (a second click answers the same); then the page again with the
 * outcome. Works without JavaScript (a form that posts).
 */
export async function confirmGuestRequest(form: FormData): Promise<void> {
  const entry = formText(form, 'entry')
  const token = formText(form, 'token')
  const params: Record<string, string> = { entry, token }
  try {
    const confirmed = await confirmGuestEntry(await siteRequest(), entry, token)
    params.outcome = confirmed.status
    if (confirmed.accountCreated) params.account = 'new'
  } catch (error) {
    params.outcome = outcomeOf(error)
  }
  redirect(await pathWith('/waiting-list/confirm', params))
}
