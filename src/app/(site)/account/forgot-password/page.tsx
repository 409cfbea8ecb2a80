import type { Metadata } from 'next'

import { Notices } from '../../_components/Notices'
import { forgotPassword } from '../actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Forgot your password?' }

export default async function ForgotPasswordPage({ searchParams }: Props) {
  return (
    <section className="block account-form">
      <h1>Forgot your password?</h1>
      <Notices query={await searchParams} />
      <p>We will mail you a link to choose a new one.</p>
      <form action={forgotPassword}>
        <label>
          E-mail address
          <input autoComplete="email" maxLength={254} name="email" required type="email" />
        </label>
        <button type="submit">Send the link</button>
      </form>
    </section>
  )
}
