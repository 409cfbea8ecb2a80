/** The id of a relationship value, whether it arrived as an id or as a populated document. */
export const idOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string')
    return value.id
  return undefined
}
