import { createHash, randomBytes } from 'node:crypto'

import { isRecord } from '../utilities/sqlValues'
import { canonicalJson } from './hash'

/**
 * An audit row's personal data lives in two removable parts of its `changes`, each with a random
 * salt, and the row's hash covers only their salted digests:
 * - `$actor`: who made the request (ip, user agent), removed when that person is erased or after
 *   the IP retention period;
 * - `$personal`: the personal fields of the change (an account's profile, a booking's contact
 *   snapshot, a form submission's data, the email tried in a failed login), removed when the
 *   person they are about is erased or their retention period ends.
 * Removing a part leaves its digest (so the chain still verifies) and an `$erased` mark naming the
 * `erase`/`expire` row that removed it (so `audit:verify` tells erased from tampered). With the
 * salt gone, the digest cannot be matched against guesses (an IP has only 2^32 values).
 */
export const ACTOR_PART = '$actor'
export const PERSONAL_PART = '$personal'
export const ERASED_MARK = '$erased'
export const ACTOR_DIGEST = '$actorDigest'
export const PERSONAL_DIGEST = '$personalDigest'
/** In `erase` and `expire` rows: how many parts they removed (`audit:verify` counts the marks). */
export const ERASED_PARTS = '$erasedParts'

export type PartName = 'actor' | 'personal'
export const partKeys = {
  actor: { digest: ACTOR_DIGEST, part: ACTOR_PART },
  personal: { digest: PERSONAL_DIGEST, part: PERSONAL_PART },
} as const

export type ActorPart = { ip: null | string; salt: string; userAgent: null | string }
export type PersonalPart = { fields: Record<string, unknown>; salt: string }

/** Which fields of a collection's changes are personal: all (`'*'`, except `role`) or a list. */
export type PersonalFields = Record<string, '*' | readonly string[]>

const NEVER_PERSONAL = new Set(['role'])

export const partDigest = (salt: string, value: unknown): string =>
  createHash('sha256')
    .update(salt + canonicalJson(value))
    .digest('hex')

const newSalt = () => randomBytes(16).toString('hex')

/** What the row's hash covers of `changes`: everything but the removable parts and the marks. */
export const hashedChanges = (changes: unknown): unknown => {
  if (!isRecord(changes)) return changes
  if (!(ACTOR_PART in changes || PERSONAL_PART in changes || ERASED_MARK in changes)) return changes
  const { [ACTOR_PART]: _a, [PERSONAL_PART]: _p, [ERASED_MARK]: _e, ...hashed } = changes
  return hashed
}

const isPersonal = (rule: '*' | readonly string[] | undefined, field: string): boolean =>
  rule === '*' ? !NEVER_PERSONAL.has(field) : Boolean(rule?.includes(field))

/**
 * The changes as stored: personal fields (by the collection's rule) moved into `$personal`, the
 * request's ip and user agent into `$actor`, each replaced in the hashed part by its digest.
 * A truncated diff (`{truncated, fields}`) names fields only and stays as it is.
 */
export const sealChanges = (
  changes: unknown,
  actor: { ip: null | string; userAgent: null | string },
  rule: '*' | readonly string[] | undefined,
): unknown => {
  const open: Record<string, unknown> = {}
  const personal: Record<string, unknown> = {}
  const splittable = isRecord(changes) && !('truncated' in changes)
  if (splittable) {
    for (const [field, value] of Object.entries(changes)) {
      if (isPersonal(rule, field)) personal[field] = value
      else open[field] = value
    }
  } else if (isRecord(changes)) Object.assign(open, changes)
  const hasActor = actor.ip !== null || actor.userAgent !== null
  const hasPersonal = Object.keys(personal).length > 0
  if (!hasActor && !hasPersonal) return changes
  if (hasActor) {
    const salt = newSalt()
    open[ACTOR_DIGEST] = partDigest(salt, { ip: actor.ip, userAgent: actor.userAgent })
    open[ACTOR_PART] = { ip: actor.ip, salt, userAgent: actor.userAgent } satisfies ActorPart
  }
  if (hasPersonal) {
    const salt = newSalt()
    open[PERSONAL_DIGEST] = partDigest(salt, personal)
    open[PERSONAL_PART] = { fields: personal, salt } satisfies PersonalPart
  }
  // A row whose changes were null or an array keeps that shape under `$changes` when sealed.
  if (changes !== null && changes !== undefined && !isRecord(changes)) open.$changes = changes
  return open
}

/** The part as stored, if it is there and well formed. */
export const partOf = (changes: unknown, name: PartName): ActorPart | PersonalPart | undefined => {
  if (!isRecord(changes)) return undefined
  const part = changes[partKeys[name].part]
  return isRecord(part) && typeof part.salt === 'string'
    ? (part as ActorPart | PersonalPart)
    : undefined
}

/** The `$actor` part (ip, user agent) as stored, if it is there and well formed. */
export const actorPartOf = (changes: unknown): ActorPart | undefined =>
  partOf(changes, 'actor') as ActorPart | undefined

/** The value a part's digest was made of. */
export const digestedValue = (part: ActorPart | PersonalPart): unknown =>
  'fields' in part ? part.fields : { ip: part.ip, userAgent: part.userAgent }

const HIDDEN = new Set([ACTOR_PART, PERSONAL_PART, ERASED_MARK, ACTOR_DIGEST, PERSONAL_DIGEST])

/**
 * The row as readers see it: the personal fields back among the changes, ip and user agent from
 * `$actor`, and what was erased named, without salts and digests.
 */
export const presentAuditChanges = (
  changes: unknown,
): { changes: unknown; erased: PartName[]; ip?: null | string; userAgent?: null | string } => {
  if (!isRecord(changes) || !(ACTOR_DIGEST in changes || PERSONAL_DIGEST in changes)) {
    return { changes, erased: [] }
  }
  const actor = actorPartOf(changes)
  const personal = partOf(changes, 'personal') as PersonalPart | undefined
  const erased: PartName[] = []
  if (ACTOR_DIGEST in changes && !actor) erased.push('actor')
  if (PERSONAL_DIGEST in changes && !personal) erased.push('personal')
  const shown: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(changes)) if (!HIDDEN.has(key)) shown[key] = value
  Object.assign(shown, personal?.fields)
  const whole = '$changes' in changes ? changes.$changes : shown
  return {
    changes: Object.keys(shown).length === 0 && !('$changes' in changes) ? null : whole,
    erased,
    ...(actor ? { ip: actor.ip, userAgent: actor.userAgent } : {}),
  }
}
