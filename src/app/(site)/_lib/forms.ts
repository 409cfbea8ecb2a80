/** A form field as text ('' when missing or a file). */
export const formText = (form: FormData, name: string): string => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** The first value of a search parameter. */
export const firstParam = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value

/**
 * What to tell the visitor when an operation throws: its own message for a client error (a 4xx
 * names the problem), a plain retry hint for anything else (never a server's internals).
 */
export const outcomeOf = (error: unknown, fallback = 'That did not work; try again.'): string => {
  const status = (error as { status?: number }).status ?? 500
  return status < 500 && error instanceof Error ? error.message : fallback
}

/**
 * Where to go back to after signing in: only a path of this site ("/events/x?y"), never another
 * origin ("//evil.example", "/\\evil.example", "https://..."), so the sign-in form cannot be used
 * to send people elsewhere.
 */
export const returnPath = (value: unknown, fallback = '/account'): string => {
  if (typeof value !== 'string' || value.length > 1000) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback
  return value
}
