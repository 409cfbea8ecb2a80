/** NUL, or a UTF-16 surrogate without its pair: PostgreSQL can store neither in text or jsonb. */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export const unstorableText = (text: string): boolean => UNSTORABLE.test(text)

/**
 * The path of the first string in `value` (keys included) that PostgreSQL would refuse, e.g.
 * `layout.2.heading`, or undefined when everything can be stored. Walks iteratively, so a
 * deeply nested body cannot overflow the stack here.
 */
export const unstorableTextPath = (value: unknown): string | undefined => {
  const pending: [unknown, string][] = [[value, '']]
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, string]
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return path || '(body)'
    } else if (current && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key
        if (UNSTORABLE.test(key)) return childPath
        pending.push([child, childPath])
      }
    }
  }
  return undefined
}
