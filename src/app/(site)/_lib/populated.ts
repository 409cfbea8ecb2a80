/** A relationship's document when it was populated (null when only its id, or nothing, is there). */
export const populated = <T extends object>(value: unknown): null | T =>
  value !== null && typeof value === 'object' ? (value as T) : null
