import type { SanitizedConfig } from 'payload'

/**
 * Whether a request carries credentials at all (a header or Payload's auth cookie): without, it is
 * anonymous, may get a shared cache's copy and is answered from the public cache.
 */
export const hasCredentials = (
  request: Request,
  config: Pick<SanitizedConfig, 'cookiePrefix'>,
): boolean =>
  request.headers.has('authorization') ||
  (request.headers.get('cookie') ?? '').includes(`${config.cookiePrefix}-token=`)
