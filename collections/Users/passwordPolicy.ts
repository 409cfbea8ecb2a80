import type { CollectionBeforeOperationHook, CollectionSlug, PayloadRequest, Where } from 'payload'

import { commonPasswords } from '../../src/auth/commonPasswords'
import { normalizeEmail } from '../../src/privacy/emailAddresses'
import { settingsOf } from '../../src/settings'
import { PublicError } from '../../src/utilities/publicError'

/** Longest password accepted: PBKDF2 hashes any length, but nobody types more. */
const MAX_LENGTH = 1024

/** Why `password` is refused for the account with `email`, or undefined when it is acceptable. */
export const passwordProblem = (
  password: string,
  email: string | undefined,
  minLength: number,
): string | undefined => {
  if ([...password].length < minLength) {
    return `The password must be at least ${minLength} characters long.`
  }
  if (password.length > MAX_LENGTH)
    return `The password must be at most ${MAX_LENGTH} characters long.`
  const typed = normalizeEmail(password)
  const address = email ? normalizeEmail(email) : ''
  if (address && (typed === address || typed === address.split('@')[0])) {
    return 'The password must not be your email address.'
  }
  if (commonPasswords.has(typed)) {
    return 'This password is one of the most common ones and easy to guess; choose another.'
  }
  return undefined
}

type Args = { data?: { email?: unknown; password?: unknown; token?: unknown }; id?: unknown }

/** The email of the account a password is set for: the one sent, else the stored one. */
const emailFor = async (
  req: PayloadRequest,
  collection: string,
  operation: string,
  args: Args,
): Promise<string | undefined> => {
  if (typeof args.data?.email === 'string') return args.data.email
  const where: undefined | Where =
    operation === 'resetPassword' && typeof args.data?.token === 'string'
      ? { resetPasswordToken: { equals: args.data.token } }
      : operation === 'update' && (typeof args.id === 'string' || typeof args.id === 'number')
        ? { id: { equals: args.id } }
        : undefined
  if (!where) return undefined
  const account = (await req.payload.db
    .findOne({ collection: collection as CollectionSlug, req, where })
    .catch(() => null)) as { email?: unknown } | null
  return typeof account?.email === 'string' ? account.email : undefined
}

/**
 * The password policy (`passwordPolicy` option) wherever a password is set: registration (the
 * first user's too), a change (update) and a reset. At least `minLength` characters (10), not
 * the account's email, not one of the most common passwords (a list shipped with the plugin).
 * A refusal is a 400 naming the rule, before anything is hashed or stored.
 */
export const enforcePasswordPolicyBeforeOperation: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const policy = settingsOf(req.payload).passwordPolicy
  const given = args as Args
  const password = given.data?.password
  if (!policy || typeof password !== 'string') return args
  if (operation !== 'create' && operation !== 'update' && operation !== 'resetPassword') return args
  const email = await emailFor(req, collection.slug, operation, given)
  const problem = passwordProblem(password, email, policy.minLength)
  if (problem) throw new PublicError(problem, 400, { field: 'password' })
  return args
}
