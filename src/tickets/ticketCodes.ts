import { createHash, createHmac } from 'node:crypto'

import type { Payload } from 'payload'

import { settingsOf } from '../settings'
import { processWide } from '../utilities/processWide'

/**
 * A ticket's secret code: 160 bits of HMAC-SHA256 over the ticket's id and version, keyed with a
 * server key, written in RFC 4648 base32 (32 characters, A-Z and 2-7: a compact QR code, and no
 * lower case to mistype). The database stores only SHA-256 of the code, so nothing in it can
 * reproduce a code; the server can show the booker their code again at any time; a new version
 * (reissue) makes the old code worthless.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
export const TICKET_CODE_LENGTH = 32

const base32 = (bytes: Buffer): string => {
  let bits = 0
  let value = 0
  let text = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      text += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return bits > 0 ? text + BASE32[(value << (5 - bits)) & 31] : text
}

/** The key derived from a secret (the benchmark seeds codes with it too). */
export const ticketCodeKeyFrom = (secret: string): Buffer =>
  createHmac('sha256', secret).update('payload-events-cms ticket codes v1').digest()

/** The key codes are made with: `tickets.codeSecret`, else one derived from PAYLOAD_SECRET. */
export const ticketCodeKey = (payload: Pick<Payload, 'config' | 'secret'>): Buffer => {
  const keys = processWide('ticketCodeKeys', () => new WeakMap<object, Buffer>())
  let key = keys.get(payload.config)
  if (!key) {
    key = ticketCodeKeyFrom(settingsOf(payload).tickets.codeSecret ?? payload.secret)
    keys.set(payload.config, key)
  }
  return key
}

export const ticketCode = (key: Buffer, ticketId: number | string, version: number): string =>
  base32(
    createHmac('sha256', key)
      .update(`ticket:${String(ticketId)}:${version}`)
      .digest()
      .subarray(0, 20),
  )

/** What the database keeps of a code. */
export const ticketCodeHash = (code: string): string =>
  createHash('sha256').update(code).digest('hex')

/** A code as scanned or typed: upper case, without spaces or dashes (people group it in fours). */
export const normalizeTicketCode = (input: string): string =>
  input.toUpperCase().replace(/[\s-]+/g, '')

/** The code in groups of four, for reading out and typing. */
export const groupedTicketCode = (code: string): string => code.replace(/(.{4})(?=.)/g, '$1-')
