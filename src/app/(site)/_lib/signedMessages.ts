import { createHmac, timingSafeEqual } from 'node:crypto'

import { firstParam } from './forms'

/**
 * Query parameters that carry a sentence for the visitor after a form's action (what was done,
 * what was refused). They are shown only when the site signed them, so a crafted link cannot put
 * words on the site's pages ("Your account is closed, call ..."). Pure: the key is passed in
 * (./messages.ts passes the app's secret).
 */
const MESSAGE_FIELDS = ['notice', 'outcome', 'problem', 'waitlist'] as const
type MessageField = (typeof MESSAGE_FIELDS)[number]
export type Messages = Partial<Record<MessageField, string>>
export type Query = Record<string, string | string[] | undefined>

const isMessageField = (name: string): name is MessageField =>
  (MESSAGE_FIELDS as readonly string[]).includes(name)

/** At most what a page shows of one message. */
const SHOWN = 300

const signatureOf = (secret: string, messages: Messages): Buffer =>
  createHmac('sha256', secret)
    .update(`site messages v1\n${JSON.stringify(MESSAGE_FIELDS.map((f) => messages[f] ?? null))}`)
    .digest()
    .subarray(0, 16)

/** A path with its query; the messages in it signed (`sig`). */
export const signedPath = (
  secret: string,
  path: string,
  params: Record<string, string | undefined>,
): string => {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  )
  const messages: Messages = {}
  for (const [name, value] of entries) if (isMessageField(name)) messages[name] = value
  if (Object.keys(messages).length > 0) {
    entries.push(['sig', signatureOf(secret, messages).toString('base64url')])
  }
  const query = new URLSearchParams(entries).toString()
  return query ? `${path}?${query}` : path
}

/** The messages of a query, if they were signed with `secret` (a crafted link shows none). */
export const signedMessages = (secret: string, query: Query): Messages => {
  const messages: Messages = {}
  for (const name of MESSAGE_FIELDS) {
    const value = firstParam(query[name])
    if (value) messages[name] = value
  }
  if (Object.keys(messages).length === 0) return messages
  const given = Buffer.from(firstParam(query.sig) ?? '', 'base64url')
  const expected = signatureOf(secret, messages)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return {}
  for (const name of MESSAGE_FIELDS) messages[name] = messages[name]?.slice(0, SHOWN)
  return messages
}
