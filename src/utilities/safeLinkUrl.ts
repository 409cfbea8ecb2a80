/** Link targets a reader's browser may follow: the web, mail, phone, and this site's own paths. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:'])

export const isSafeLinkUrl = (url: string): boolean => {
  const trimmed = url.trim()
  if (trimmed === '') return true
  if (/^[/?#]/.test(trimmed)) return !trimmed.startsWith('//')
  try {
    return SAFE_PROTOCOLS.has(new URL(trimmed).protocol)
  } catch {
    // Not absolute and not a path ("javascript:..." parses; "foo bar" does not): a relative name.
    return !/^[a-z][a-z0-9+.-]*:/i.test(trimmed)
  }
}
