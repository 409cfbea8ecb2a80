/**
 * Every field path a `where` query names (inside `and`/`or` too), and the sort paths of a `sort`
 * argument. Iterative: a hostile nesting cannot overflow the stack.
 */
export const wherePaths = (where: unknown): string[] => {
  const paths: string[] = []
  const pending: unknown[] = [where]
  while (pending.length > 0) {
    const current = pending.pop()
    if (!current || typeof current !== 'object') continue
    for (const [key, value] of Object.entries(current)) {
      const lower = key.toLowerCase()
      if ((lower === 'and' || lower === 'or') && Array.isArray(value)) pending.push(...value)
      else paths.push(key)
    }
  }
  return paths
}

export const sortPaths = (sort: unknown): string[] =>
  (Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : [])
    .filter((path): path is string => typeof path === 'string')
    .map((path) => path.trim().replace(/^-/, ''))
