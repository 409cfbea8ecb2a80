import type { CollectionConfig, Config } from 'payload'

import { createMediaCollection } from '../collections/Media'
import { createUsersCollection } from '../collections/Users'
import type { EventsCmsPluginConfig, ResolvedPluginConfig } from './types'
import { applyExtension } from './utilities/applyExtension'

/** Keeps the schema (collections, fields) but drops behaviour, so a disabled plugin needs no migration. */
const withoutBehaviour = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  endpoints: [],
  hooks: {},
})

export const eventsCmsPlugin =
  (options: EventsCmsPluginConfig = {}) =>
  (incomingConfig: Config): Config => {
    const resolved: ResolvedPluginConfig = { ...options, enabled: options.enabled ?? true }

    const built: CollectionConfig[] = [
      applyExtension(createUsersCollection(), resolved.collections?.users),
      applyExtension(createMediaCollection(), resolved.collections?.media),
    ]
    const ours = resolved.enabled ? built : built.map(withoutBehaviour)

    const existing = new Set((incomingConfig.collections ?? []).map(({ slug }) => slug))
    const clash = ours.find(({ slug }) => existing.has(slug))
    if (clash) {
      throw new Error(
        `eventsCmsPlugin: the config already has a "${clash.slug}" collection. ` +
          `Change the plugin's one with the plugin option collections.${clash.slug}.override instead.`,
      )
    }

    return {
      ...incomingConfig,
      admin: { ...incomingConfig.admin, user: incomingConfig.admin?.user ?? 'users' },
      collections: [...(incomingConfig.collections ?? []), ...ours],
    }
  }
