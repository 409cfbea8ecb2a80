import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { adminsOrSelf } from '../../src/access/adminsOrSelf'
import { anyone } from '../../src/access/anyone'
import { hasRole } from '../../src/access/roles'
import type { PluginSettings } from '../../src/settings'
import { prependHooks } from '../../hooks/prependHooks'
import { refuseDeleteWhileReferenced } from '../../hooks/refuseDeleteWhileReferenced'
import { assignFirstUserAdmin } from './assignFirstUserAdmin'
import { isCompatibleRoleField, roleField } from './roleField'
import { personalDataEndpoints } from './personalDataEndpoints'
import { personalDataField } from './personalDataField'
import { worksADoor } from '../Events/eventStaff'
import { enforcePasswordPolicyBeforeOperation } from './passwordPolicy'
import { throttleLoginBeforeOperation } from './throttleLoginBeforeOperation'
import { accountMails } from '../../src/mail/authMails'
import { verificationFields } from './verificationFields'

/** The plugin's access rules for accounts; on an app's own users collection, only where it has none. */
export const usersAccess: NonNullable<CollectionConfig['access']> = {
  // Staff use the admin panel (door staff for its check-in screen); customers the site and API.
  admin: async ({ req }) => hasRole(req, 'admin', 'organizer') || (await worksADoor(req)),
  create: anyone,
  delete: adminsOnly,
  read: adminsOrSelf,
  // Unlocking a locked account lifts the brute-force lockout: admins only.
  unlock: adminsOnly,
  update: adminsOrSelf,
}

/** What the plugin adds to an accounts collection, its own or the app's (see adoptUsersCollection). */
export const usersBehaviour = (settings: PluginSettings): Required<CollectionConfig>['hooks'] => ({
  beforeChange: [assignFirstUserAdmin],
  // The throttle counts the audit log's failed logins; without the audit log Payload's lockout stays.
  beforeOperation: [
    enforcePasswordPolicyBeforeOperation,
    ...(settings.parts.audit ? [throttleLoginBeforeOperation] : []),
  ],
  // Bookings are financial records: a user who has any cannot be deleted (the FK restricts too).
  beforeDelete: [
    refuseDeleteWhileReferenced({
      collection: settings.slugs.bookings,
      field: 'user',
      label: 'bookings',
    }),
  ],
})

export const createUsersCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: settings.slugs.users,
  access: usersAccess,
  admin: {
    defaultColumns: ['email', 'name', 'role', 'createdAt'],
    useAsTitle: 'email',
  },
  endpoints: personalDataEndpoints,
  // With the audit log the login throttle replaces Payload's lockout, which let anyone lock any
  // account (the admin's too) with ten wrong passwords.
  auth: {
    ...(settings.parts.audit
      ? { maxLoginAttempts: 0 }
      : { lockTime: 10 * 60 * 1000, maxLoginAttempts: 10 }),
    // The reset mail in the site's colours, its words from the `password-reset` template.
    ...(settings.parts.mail ? { forgotPassword: accountMails.forgotPassword } : {}),
    // Sign-up confirms the address first (mail.verifyEmail; adds Payload's `_verified` columns).
    ...(settings.parts.mail && settings.mail.verifyEmail ? { verify: accountMails.verify } : {}),
  },
  fields: [
    { name: 'name', type: 'text', maxLength: 120 },
    { name: 'phone', type: 'text', maxLength: 40 },
    roleField(),
    personalDataField,
    ...verificationFields,
  ],
  hooks: usersBehaviour(settings),
})

/**
 * The app's own accounts collection, joined instead of replaced: its fields, hooks and auth settings
 * stay; the plugin adds the `role` field (or uses the app's, when it offers the plugin's roles), its
 * hooks before the app's, and its access rules for the operations the app left to Payload's default.
 */
export const adoptUsersCollection = (
  collection: CollectionConfig,
  settings: PluginSettings,
  { behaviour }: { behaviour: boolean },
): CollectionConfig => {
  const hasRoleField = collection.fields.some(isCompatibleRoleField)
  const auth = collection.auth === true || !collection.auth ? {} : collection.auth
  // Payload's default lockout (5 failures) gives way to the throttle unless the app chose its own.
  const keepsLockout =
    !settings.parts.audit || !behaviour || !collection.auth || auth.maxLoginAttempts !== undefined
  return {
    ...collection,
    access: { ...usersAccess, ...collection.access },
    auth: keepsLockout ? collection.auth : { ...auth, maxLoginAttempts: 0 },
    endpoints: behaviour
      ? [...personalDataEndpoints, ...(collection.endpoints || [])]
      : collection.endpoints,
    fields: [
      ...(hasRoleField ? collection.fields : [...collection.fields, roleField()]),
      ...(behaviour ? [personalDataField] : []),
    ],
    hooks: behaviour ? prependHooks(collection.hooks, usersBehaviour(settings)) : collection.hooks,
  }
}

/** Why an app's collection cannot serve as the plugin's accounts, or undefined when it can. */
export const usersClash = (collection: CollectionConfig): string | undefined => {
  if (!collection.auth) return `"${collection.slug}" is not an auth collection`
  const role = collection.fields.find((field) => 'name' in field && field.name === 'role')
  if (role && !isCompatibleRoleField(role)) {
    return `"${collection.slug}" has a "role" field that is not a select offering user, organizer and admin`
  }
  return undefined
}
