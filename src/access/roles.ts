import type { PayloadRequest } from 'payload'

import { settingsOf } from '../settings'

export const roles = ['user', 'organizer', 'admin'] as const
export type Role = (typeof roles)[number]

type RoleCheckArgs = Pick<PayloadRequest, 'payload' | 'user'>

/** Whether `user` is an account of the plugin's users collection (not of another auth collection). */
export const isPluginUser = ({ payload, user }: RoleCheckArgs): boolean =>
  Boolean(user && user.collection === settingsOf(payload).slugs.users)

/**
 * The one role check used by every access function: the account must belong to the plugin's users
 * collection (the app's own, when adopted) and hold one of `allowed` in its `role` field.
 */
export const hasRole = (req: RoleCheckArgs, ...allowed: Role[]): boolean => {
  if (!isPluginUser(req)) return false
  const role = (req.user as { role?: unknown }).role
  return typeof role === 'string' && (allowed as string[]).includes(role)
}
