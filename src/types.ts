import type { CollectionConfig, Field } from 'payload'

export type CollectionExtension = {
  /**
   * Change the collection's fields. Receives the plugin's fields; return the list to use.
   * @example fields: ({ defaultFields }) => [...defaultFields, { name: 'dressCode', type: 'text' }]
   */
  fields?: (args: { defaultFields: Field[] }) => Field[]
  /**
   * Replace anything in the finished collection (runs after `fields`). The plugin's hooks are in
   * `defaultCollection.hooks`; append yours so that the plugin's rules run first.
   * @example override: ({ defaultCollection }) => ({ ...defaultCollection, admin: { group: 'Shop' } })
   */
  override?: (args: { defaultCollection: CollectionConfig }) => CollectionConfig
}

export type EventsCmsPluginConfig = {
  /** Per-collection extension points, keyed by collection slug. */
  collections?: Partial<Record<'media' | 'users', CollectionExtension>>
  /**
   * Turn the plugin's behaviour off. Collections and fields stay, so the database schema and the
   * migrations stay valid; hooks and endpoints are dropped.
   * @default true
   */
  enabled?: boolean
}

/** Options after defaults are applied: what the collection factories receive. */
export type ResolvedPluginConfig = Required<Pick<EventsCmsPluginConfig, 'enabled'>> &
  Omit<EventsCmsPluginConfig, 'enabled'>
