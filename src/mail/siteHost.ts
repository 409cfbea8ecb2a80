/**
 * The site's host from its address, for the ids mails and calendar entries carry: `host` keeps a
 * port (calendar UIDs), `hostname` does not (a Message-ID's right side); `localhost` when the
 * address does not parse.
 */
export const siteHost = (siteUrl: string, part: 'host' | 'hostname' = 'host'): string => {
  try {
    return new URL(siteUrl)[part] || 'localhost'
  } catch {
    return 'localhost'
  }
}
