import type { Metadata } from 'next'

import { NewPasswordField } from '../../_components/NewPasswordField'
import { Notices } from '../../_components/Notices'
import { firstParam } from '../../_lib/forms'
import { resetPassword } from '../actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Choose a new password' }

/** /account/reset-password?token=: where the password-reset mail links to. */
export default async function ResetPasswordPage({ searchParams }: Props) {
  const query = await searchParams
  return (
    <section className="block account-form">
      <h1>Choose a new password</h1>
      <Notices query={query} />
      <form action={resetPassword}>
        <input name="token" type="hidden" value={firstParam(query.token) ?? ''} />
        <NewPasswordField label="New password" />
        <button type="submit">Set the password</button>
      </form>
    </section>
  )
}
