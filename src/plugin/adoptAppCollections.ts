import type { CollectionConfig, Config } from 'payload'

import {
  adoptFormBuilderCollection,
  isFormBuilderForms,
} from '../../collections/Forms/adoptFormBuilder'
import { adoptMediaCollection } from '../../collections/Media/index'
import {
  adoptUsersCollection,
  createUsersCollection,
  usersClash,
} from '../../collections/Users/index'
import type { PluginSettings } from '../settings'
import type { EventsCmsPluginConfig } from './options'
import { applyExtension } from './applyExtension'
import { findCollection } from './resolveSettings'

export type Adoption = {
  /** The app's form builder forms, when it applies the form builder itself. */
  ownForms?: CollectionConfig
  ownMedia?: CollectionConfig
  ownUsers?: CollectionConfig
  /** What the plugin cannot join, each said in one sentence. */
  problems: string[]
  /** The app's collections the plugin changed, by slug. */
  replaced: Map<string, CollectionConfig>
  /** The accounts collection, the app's (adopted) or the plugin's own. */
  users: CollectionConfig
}

/**
 * The plugin joins the app's own accounts, media and form builder collections instead of adding a
 * second of each: it adds its fields, hooks and access rules where the app left them unset.
 */
export const adoptAppCollections = (
  incoming: Config,
  options: EventsCmsPluginConfig,
  settings: PluginSettings,
): Adoption => {
  const { enabled, parts } = settings
  const extensions = options.collections ?? {}
  const problems: string[] = []
  const replaced = new Map<string, CollectionConfig>()

  // Accounts: the app's own auth collection when it has one, else the plugin's.
  const ownUsers = findCollection(incoming, settings.slugs.users)
  const usersProblem = ownUsers && usersClash(ownUsers)
  if (usersProblem) problems.push(usersProblem)
  const users = ownUsers
    ? adoptUsersCollection(ownUsers, settings, { behaviour: enabled })
    : createUsersCollection(settings)
  if (ownUsers) replaced.set(ownUsers.slug, applyExtension(users, extensions.users))

  // Media: the app's own upload collection, or the plugin's.
  const media = settings.slugs.media
  const ownMedia = media ? findCollection(incoming, media) : undefined
  if (parts.media && ownMedia && !ownMedia.upload) {
    problems.push(`"${ownMedia.slug}" is not an upload collection`)
  }
  const mediaOptions = typeof options.media === 'object' ? options.media : {}
  if (parts.media && ownMedia) {
    const adopted = adoptMediaCollection(ownMedia, {
      behaviour: enabled,
      imageSizes: mediaOptions.imageSizes ?? false,
    })
    replaced.set(ownMedia.slug, applyExtension(adopted, extensions.media))
  }

  // Forms: the app's own form builder, or the plugin applies it (never twice).
  const ownForms = parts.forms ? findCollection(incoming, settings.slugs.forms) : undefined
  if (ownForms && !isFormBuilderForms(ownForms)) {
    problems.push(`"${ownForms.slug}" is not @payloadcms/plugin-form-builder's forms collection`)
  } else if (ownForms) {
    const submissions = findCollection(incoming, settings.slugs.formSubmissions)
    if (!submissions) problems.push(`"${settings.slugs.formSubmissions}" is missing`)
    if (enabled) {
      replaced.set(ownForms.slug, adoptFormBuilderCollection(ownForms, 'forms'))
      if (submissions) {
        replaced.set(submissions.slug, adoptFormBuilderCollection(submissions, 'submissions'))
      }
    }
  }
  return { ownForms, ownMedia, ownUsers, problems, replaced, users }
}
