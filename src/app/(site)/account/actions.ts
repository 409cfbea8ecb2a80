'use server'
import { redirect } from 'next/navigation'
import { logoutOperation, type RequiredDataFromCollectionSlug } from 'payload'

import { confirmPassword, eraseAccount } from 'payload-events-cms/privacy'

import { formText, outcomeOf, returnPath } from '../_lib/forms'
import { pathWith } from '../_lib/messages'
import { sitePayload } from '../_lib/payload'
import { clearSessionCookie, currentUser, setSessionCookie, siteRequest } from '../_lib/session'

/** Whether new accounts confirm their address before they can sign in (Payload's `verify`). */
const verifies = async () => Boolean((await sitePayload()).collections.users?.config.auth?.verify)

/** Payload's login (the throttle and the audit log's failed sign-ins apply), then its cookie. */
const signInAs = async (email: string, password: string) => {
  const payload = await sitePayload()
  const result = await payload.login({
    collection: 'users',
    data: { email, password },
    req: await siteRequest(),
  })
  if (!result.token) throw new Error('no token')
  await setSessionCookie(result.token, result.exp)
}

export async function signIn(form: FormData): Promise<void> {
  const next = returnPath(formText(form, 'next'))
  try {
    await signInAs(formText(form, 'email'), formText(form, 'password'))
  } catch (error) {
    const status = (error as { status?: number }).status
    const problem =
      status === 401
        ? 'The e-mail address or the password is not right.'
        : status === 403
          ? 'Confirm your e-mail address first: follow the link in the mail we sent you.'
          : outcomeOf(error)
    redirect(await pathWith('/account/sign-in', { next, problem }))
  }
  redirect(next)
}

export async function signUp(form: FormData): Promise<void> {
  const next = returnPath(formText(form, 'next'))
  const email = formText(form, 'email')
  const password = formText(form, 'password')
  const payload = await sitePayload()
  try {
    await payload.create({
      collection: 'users',
      data: {
        email,
        name: formText(form, 'name') || undefined,
        password,
      } as RequiredDataFromCollectionSlug<'users'>,
      overrideAccess: false,
      req: await siteRequest(),
    })
  } catch (error) {
    redirect(await pathWith('/account/sign-up', { next, problem: outcomeOf(error) }))
  }
  if (await verifies()) {
    redirect(
      await pathWith('/account/sign-in', {
        next,
        notice: 'Account created. We sent you a mail: follow its link to confirm your address.',
      }),
    )
  }
  await signInAs(email, password).catch(() => undefined)
  redirect(next)
}

/** Ends the session server-side too (Payload's logout drops it), then clears the cookie. */
export async function signOut(): Promise<void> {
  const user = await currentUser()
  const users = (await sitePayload()).collections.users
  if (user && users) {
    await logoutOperation({ collection: users, req: await siteRequest(user) }).catch(
      () => undefined,
    )
  }
  await clearSessionCookie()
  redirect('/')
}

export async function forgotPassword(form: FormData): Promise<void> {
  const payload = await sitePayload()
  try {
    await payload.forgotPassword({
      collection: 'users',
      data: { email: formText(form, 'email') },
      req: await siteRequest(),
    })
  } catch (error) {
    redirect(await pathWith('/account/forgot-password', { problem: outcomeOf(error) }))
  }
  // The same answer whether or not the address has an account.
  redirect(
    await pathWith('/account/sign-in', {
      notice:
        'If an account uses that address, a mail with a link to choose a new password is on its way.',
    }),
  )
}

export async function resetPassword(form: FormData): Promise<void> {
  const token = formText(form, 'token')
  const payload = await sitePayload()
  try {
    const result = await payload.resetPassword({
      collection: 'users',
      data: { password: formText(form, 'password'), token },
      overrideAccess: true,
      req: await siteRequest(),
    })
    if (result.token) await setSessionCookie(result.token)
  } catch (error) {
    redirect(await pathWith('/account/reset-password', { problem: outcomeOf(error), token }))
  }
  redirect(await pathWith('/account', { notice: 'Your new password is set.' }))
}

export async function verifyEmail(form: FormData): Promise<void> {
  const payload = await sitePayload()
  try {
    await payload.verifyEmail({ collection: 'users', token: formText(form, 'token') })
  } catch {
    redirect(
      await pathWith('/account/sign-in', {
        problem: 'That confirmation link is not valid any more; sign in or ask for a new one.',
      }),
    )
  }
  redirect(await pathWith('/account/sign-in', { notice: 'Your address is confirmed: sign in.' }))
}

export async function updateProfile(form: FormData): Promise<void> {
  const user = await currentUser()
  if (!user) redirect('/account/sign-in')
  try {
    await (
      await sitePayload()
    ).update({
      collection: 'users',
      data: { name: formText(form, 'name'), phone: formText(form, 'phone') },
      id: user.id,
      overrideAccess: false,
      req: await siteRequest(user),
      user,
    })
  } catch (error) {
    redirect(await pathWith('/account', { problem: outcomeOf(error) }))
  }
  redirect(await pathWith('/account', { notice: 'Saved.' }))
}

/**
 * Erases the visitor's own account, as POST /api/users/me/erase does: the password again (a
 * stolen session alone cannot erase an account), then the erasure, then signed out.
 */
export async function deleteAccount(form: FormData): Promise<void> {
  const user = await currentUser()
  if (!user) redirect('/account/sign-in')
  try {
    const req = await siteRequest(user)
    await confirmPassword(req, { password: formText(form, 'password') })
    await eraseAccount(req, user.id, { byUserId: null })
  } catch (error) {
    redirect(await pathWith('/account', { problem: outcomeOf(error) }))
  }
  await clearSessionCookie()
  redirect(
    await pathWith('/account/sign-in', {
      notice: 'Your account and its personal data are erased.',
    }),
  )
}
