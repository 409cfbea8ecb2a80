/** A query-string integer clamped to [min, max], or the fallback when absent or not a number. */
export const intParam = (value: unknown, fallback: number, min: number, max: number): number => {
  const parsed = typeof value === 'string' ? Number.parseInt(value, 10) : NaN
  return Number.isFinite(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback
}
