import type { Metadata } from 'next'

import { NewPasswordField } from '../../_components/NewPasswordField'
import { Notices } from '../../_components/Notices'
import { firstParam, returnPath } from '../../_lib/forms'
import { signUp } from '../actions'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { robots: { index: false }, title: 'Create an account' }

export default async function SignUpPage({ searchParams }: Props) {
  const query = await searchParams
  const next = returnPath(firstParam(query.next))
  return (
    <section className="block account-form">
      <h1>Create an account</h1>
      <Notices query={query} />
      <form action={signUp}>
        <input name="next" type="hidden" value={next} />
        <label>
          Name
          <input autoComplete="name" maxLength={120} name="name" type="text" />
        </label>
        <label>
          E-mail address
          <input autoComplete="email" maxLength={254} name="email" required type="email" />
        </label>
        <NewPasswordField label="Password" />
        <button type="submit">Create account</button>
      </form>
      <p>
        Have an account?{' '}
        <a href={`/account/sign-in?${new URLSearchParams({ next }).toString()}`}>Sign in</a>.
      </p>
    </section>
  )
}
