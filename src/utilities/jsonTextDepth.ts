/**
 * Whether JSON text nests objects and arrays deeper than `max`, found by scanning the text before
 * it is parsed: a 10,000-level body never becomes 10,000 nested objects for Payload to walk.
 */
export const jsonTextTooDeep = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index)
    if (inString) {
      if (char === 0x5c)
        index++ // backslash: skip the escaped character
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true
    } else if (char === 0x7d || char === 0x5d) depth--
  }
  return false
}
