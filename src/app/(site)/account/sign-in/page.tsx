import type { Metadata } from 'next'

import { Notices } from '../../_components/Notices'
import { firstParam, returnPath } from '../../_lib/forms'
import { signIn } from '../actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Sign in' }

/** /account/sign-in?next=: back to `next` (a path of this site only) once signed in. */
export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams
  const next = returnPath(firstParam(query.next))
  const withNext = `?${new URLSearchParams({ next }).toString()}`
  return (
    <section className="block account-form">
      <h1>Sign in</h1>
      <Notices query={query} />
      <form action={signIn}>
        <input name="next" type="hidden" value={next} />
        <label>
          E-mail address
          <input autoComplete="email" maxLength={254} name="email" required type="email" />
        </label>
        <label>
          Password
          <input autoComplete="current-password" name="password" required type="password" />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p>
        New here? <a href={`/account/sign-up${withNext}`}>Create an account</a>.{' '}
        <a href="/account/forgot-password">Forgot your password?</a>
      </p>
    </section>
  )
}
