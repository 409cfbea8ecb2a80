import type { Payload } from 'payload'

import { platformSettingsOf } from './platformSettings'
import { PublicError } from './publicError'
import { isSafeLinkUrl } from './safeLinkUrl'
import { unstorableText } from './storableText'
import type { RequestLimits } from './requestLimits'

export type InputProblem = { message: string; path: string; status: 400 | 413 }

const problem = (path: string, message: string, status: 400 | 413 = 400): InputProblem => ({
  message: `"${path}" ${message}`,
  path,
  status,
})

/** A Lexical link node (in any rich-text field, the app's own included) with a URL to refuse. */
const unsafeLink = (node: object): string | undefined => {
  const { fields, type } = node as {
    fields?: { linkType?: unknown; url?: unknown }
    type?: unknown
  }
  if (type !== 'link' && type !== 'autolink') return undefined
  if (!fields || fields.linkType === 'internal' || typeof fields.url !== 'string') return undefined
  return isSafeLinkUrl(fields.url) ? undefined : fields.url
}

/**
 * The first thing in a client's value that must not reach PostgreSQL or a reader's browser:
 * nesting deeper than `jsonDepth`, a string longer than `stringLength`, text PostgreSQL cannot
 * store (NUL, lone surrogates), a rich-text link to `javascript:` and the like. Walks iteratively,
 * so a hostile depth cannot overflow the stack here.
 */
export const inspectInput = (
  value: unknown,
  limits: Pick<RequestLimits, 'jsonDepth' | 'stringLength'>,
): InputProblem | undefined => {
  const pending: [unknown, string, number][] = [[value, '', 0]]
  while (pending.length > 0) {
    const [current, path, depth] = pending.pop() as [unknown, string, number]
    const where = path || '(body)'
    if (typeof current === 'string') {
      if (current.length > limits.stringLength) {
        return problem(where, `is longer than ${limits.stringLength} characters.`, 413)
      }
      if (unstorableText(current)) {
        return problem(
          where,
          'contains a character that cannot be stored (a NUL byte or a lone UTF-16 surrogate).',
        )
      }
    } else if (current && typeof current === 'object') {
      if (depth >= limits.jsonDepth) {
        return problem(where, `is nested deeper than ${limits.jsonDepth} levels.`)
      }
      const url = unsafeLink(current)
      if (url !== undefined) {
        return problem(
          `${where}.fields.url`,
          `links to ${JSON.stringify(url.slice(0, 60))}: links may use http(s), mailto, tel or a path on this site.`,
        )
      }
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key
        if (key.length > limits.stringLength || unstorableText(key)) {
          return problem(childPath, 'is not a usable field name.')
        }
        pending.push([child, childPath, depth + 1])
      }
    }
  }
  return undefined
}

/**
 * A 400 (or 413) naming the field, instead of PostgreSQL's error (a 500) after half the work is
 * done or a `javascript:` link in every reader's browser. Applies to every API, the Local API too.
 */
export const assertValidInput = (data: unknown, payload: Pick<Payload, 'config'>): void => {
  const problem = inspectInput(data, platformSettingsOf(payload).limits)
  if (problem) throw new PublicError(problem.message, problem.status, { field: problem.path })
}
