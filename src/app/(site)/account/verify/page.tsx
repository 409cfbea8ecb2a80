import type { Metadata } from 'next'

import { firstParam } from '../../_lib/forms'
import { verifyEmail } from '../actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Confirm your address' }

/**
 * /account/verify?token=: where the confirmation mail links to. Confirming is a button (a form
 * that posts), so mail scanners that open links confirm nothing.
 */
export default async function VerifyPage({ searchParams }: Props) {
  const token = firstParam((await searchParams).token) ?? ''
  return (
    <section className="block account-form">
      <h1>Confirm your e-mail address</h1>
      <form action={verifyEmail}>
        <input name="token" type="hidden" value={token} />
        <button type="submit">Confirm my address</button>
      </form>
    </section>
  )
}
