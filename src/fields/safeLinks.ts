import type { RichTextField } from 'payload'
import { richText } from 'payload/shared'

import { isSafeLinkUrl } from '../utilities/safeLinkUrl'

export { isSafeLinkUrl }

/** Every link URL in a Lexical document (link and autolink nodes, at any depth). */
export const linkUrls = (node: unknown, found: string[] = []): string[] => {
  if (Array.isArray(node)) {
    for (const child of node) linkUrls(child, found)
  } else if (node && typeof node === 'object') {
    const { children, fields, root, type } = node as {
      children?: unknown
      fields?: { linkType?: unknown; url?: unknown }
      root?: unknown
      type?: unknown
    }
    if ((type === 'link' || type === 'autolink') && fields?.linkType !== 'internal') {
      if (typeof fields?.url === 'string') found.push(fields.url)
    }
    if (root) linkUrls(root, found)
    if (children) linkUrls(children, found)
  }
  return found
}

/**
 * Rich text whose links can only go to http(s), mailto, tel or this site: a `javascript:` or
 * `data:` link would run in every reader's browser that renders it. Then the editor's own checks.
 */
export const validateSafeRichText: NonNullable<RichTextField['validate']> = async (
  value,
  options,
) => {
  const unsafe = linkUrls(value).filter((url) => !isSafeLinkUrl(url))
  if (unsafe.length > 0) {
    return `Links may use http(s), mailto, tel or a path on this site; not ${unsafe
      .map((url) => JSON.stringify(url.slice(0, 60)))
      .join(', ')}.`
  }
  return richText(value, options)
}
