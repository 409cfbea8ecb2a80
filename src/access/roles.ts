import type { PayloadRequest } from 'payload'

export const roles = ['user', 'organizer', 'admin'] as const
export type Role = (typeof roles)[number]

type MaybeUser = PayloadRequest['user'] | null | undefined

/** The one role check used by every access function. */
export const hasRole = (user: MaybeUser, ...allowed: Role[]): boolean => {
  if (!user || user.collection !== 'users') return false
  const role = (user as { role?: unknown }).role
  return typeof role === 'string' && (allowed as string[]).includes(role)
}
