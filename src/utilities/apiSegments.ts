import type { SanitizedConfig } from 'payload'

/**
 * The segments of `pathname` after the config's API prefix, or undefined for another path or one
 * Next.js would not route as it is (an empty segment: a trailing or doubled slash, which it
 * redirects or normalises).
 */
export const apiSegments = (pathname: string, config: SanitizedConfig): string[] | undefined => {
  const api = config.routes.api.replace(/\/$/, '')
  if (!pathname.startsWith(`${api}/`)) return undefined
  const segments = pathname.slice(api.length + 1).split('/')
  return segments.includes('') ? undefined : segments
}
