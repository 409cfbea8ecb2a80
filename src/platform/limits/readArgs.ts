import type { RequestLimits } from '../../utilities/requestLimits'

export type ReadArgs = { depth?: unknown; limit?: unknown; page?: unknown; pagination?: unknown }

const wholeNumber = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined
}

/**
 * What is wrong with a client's paging and population arguments, if anything. `list` reads
 * (find, versions, count) need a page size from 1 to `pageSize` (a larger one is capped, as the
 * response's `limit` shows), and `pagination=false` only with such a limit; bulk updates and deletes keep Payload's
 * `limit=0` (every match), which the admin's bulk actions use.
 */
export const readArgsProblem = (
  args: ReadArgs,
  limits: Pick<RequestLimits, 'depth' | 'page' | 'pageSize'>,
  list: boolean,
): string | undefined => {
  if (args.depth !== undefined) {
    const depth = wholeNumber(args.depth)
    if (depth === undefined || depth < 0 || depth > limits.depth) {
      return `depth must be a whole number from 0 to ${limits.depth}.`
    }
  }
  if (args.page !== undefined) {
    const page = wholeNumber(args.page)
    if (page === undefined || page < 1 || page > limits.page) {
      return `page must be a whole number from 1 to ${limits.page}.`
    }
  }
  if (args.limit !== undefined) {
    const limit = wholeNumber(args.limit)
    if (limit === undefined || limit < 0 || (list && limit === 0)) {
      return list
        ? `limit must be a whole number from 1 to ${limits.pageSize}.`
        : 'limit must be a whole number (0: every match).'
    }
  }
  const unpaged = args.pagination === false || args.pagination === 'false'
  if (
    list &&
    unpaged &&
    (args.limit === undefined || (wholeNumber(args.limit) ?? Infinity) > limits.pageSize)
  ) {
    return `pagination=false is not available here; page through the results with limit (up to ${limits.pageSize}) and page.`
  }
  return undefined
}

/** The page size a list read runs with: the client's, capped to the limit. */
export const cappedLimit = (limit: unknown, pageSize: number): number | undefined => {
  const number = wholeNumber(limit)
  return number === undefined ? undefined : Math.min(number, pageSize)
}
