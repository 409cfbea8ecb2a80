import { settingsOf } from 'payload-events-cms'

import { sitePayload } from '../_lib/payload'

/** A new password's field, with the length the password policy asks (the server checks it too). */
export async function NewPasswordField({ label }: { label: string }) {
  const policy = settingsOf(await sitePayload()).passwordPolicy
  const minLength = policy ? policy.minLength : 1
  return (
    <label>
      {label}
      {policy ? ` (at least ${minLength} characters)` : ''}
      <input
        autoComplete="new-password"
        minLength={minLength}
        name="password"
        required
        type="password"
      />
    </label>
  )
}
