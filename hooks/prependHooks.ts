import type { CollectionConfig } from 'payload'

type Hooks = Required<CollectionConfig>['hooks']

/**
 * The plugin's hooks first, then the collection's own, for every hook kind either has: on an app's
 * own collection (users, media, forms) the plugin's rules decide before the app's hooks run.
 */
export const prependHooks = (own: CollectionConfig['hooks'], ours: Hooks): Hooks => {
  const merged: Record<string, unknown[]> = { ...(own as Record<string, unknown[]>) }
  for (const [kind, hooks] of Object.entries(ours as Record<string, unknown[]>)) {
    merged[kind] = [...hooks, ...(merged[kind] ?? [])]
  }
  return merged as Hooks
}
