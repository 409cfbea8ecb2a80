import { randomBytes } from 'node:crypto'

/** Unambiguous characters (no 0/O, 1/I/L) for codes people read out, write down or type. */
export const READABLE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** A random code of `length` readable characters (about 4.95 bits each). */
export const readableCode = (length: number): string =>
  [...randomBytes(length)]
    .map((byte) => READABLE_ALPHABET[byte % READABLE_ALPHABET.length])
    .join('')
