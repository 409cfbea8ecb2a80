/**
 * A PostgreSQL array literal (`{"a","b"}`) for ONE parameter of `= ANY($n::type[])`: drizzle's
 * `sql` would spread a JS array into one parameter per element.
 */
export const pgArray = (values: Iterable<boolean | null | number | string>): string =>
  `{${[...values]
    .map((value) => (value === null ? 'NULL' : `"${String(value).replace(/["\\]/g, '\\$&')}"`))
    .join(',')}}`

/** Whether a value is a plain JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value)
