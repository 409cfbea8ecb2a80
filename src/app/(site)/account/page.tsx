import type { Metadata } from 'next'
import { redirect } from 'next/navigation'

import type { User } from '../../../../payload-types'
import { Notices } from '../_components/Notices'
import { currentUser } from '../_lib/session'
import { deleteAccount, signOut, updateProfile } from './actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Your account' }

/** /account: the profile, the bookings, a copy of one's data, sign out, erase the account. */
export default async function AccountPage({ searchParams }: Props) {
  const user = (await currentUser()) as null | User
  if (!user) redirect('/account/sign-in?next=/account')
  return (
    <section className="block account">
      <h1>Your account</h1>
      <Notices query={await searchParams} />
      <p>
        Signed in as <strong>{user.email}</strong>. <a href="/account/bookings">Your bookings</a>
      </p>
      <form action={updateProfile} className="account-form">
        <h2>Profile</h2>
        <label>
          Name
          <input autoComplete="name" defaultValue={user.name ?? ''} maxLength={120} name="name" />
        </label>
        <label>
          Phone
          <input
            autoComplete="tel"
            defaultValue={user.phone ?? ''}
            maxLength={40}
            name="phone"
            type="tel"
          />
        </label>
        <button type="submit">Save</button>
      </form>
      <h2>Your data</h2>
      <p>
        <a download href="/api/users/me/export">
          Download a copy of your data (JSON)
        </a>
      </p>
      <form action={signOut}>
        <button type="submit">Sign out</button>
      </form>
      <form action={deleteAccount} className="account-form danger">
        <h2>Delete your account</h2>
        <p>
          This erases your name, address and contact details for good and signs you out. Records of
          payments are kept without them, as the law asks.
        </p>
        <label>
          Your password, to confirm
          <input autoComplete="current-password" name="password" required type="password" />
        </label>
        <button type="submit">Delete my account</button>
      </form>
    </section>
  )
}
