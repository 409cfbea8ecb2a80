import type { CollectionConfig, Field, GlobalConfig } from 'payload'

import {
  auditAfterChange,
  auditAfterDelete,
  auditAfterLogin,
  auditAfterLogout,
  auditGlobalAfterChange,
  auditLoginFailed,
} from '../../hooks/auditChanges'
import { slugs } from '../slugs'

/** Sidebar panel listing the document's audit rows; a `ui` field, so no schema change. */
const auditHistoryField: Field = {
  name: 'auditHistory',
  type: 'ui',
  admin: {
    // A package specifier, so `payload generate:importmap` in any app resolves it.
    components: { Field: 'payload-events-cms/rsc#AuditHistory' },
    disableListColumn: true,
    position: 'sidebar',
  },
}

const isAudited = (slug: string, exclude: Set<string>) =>
  slug !== slugs.auditLogs && !slug.startsWith('payload-') && !exclude.has(slug)

/**
 * Appends the audit hooks to every collection in the config, the app's and the plugin's (the
 * plugin runs late, `order: 100`, so collections from other plugins are covered too). Audit hooks
 * run after the collection's own hooks, so they record what was finally written.
 */
export const withAudit = (collection: CollectionConfig, exclude: Set<string>): CollectionConfig => {
  if (!isAudited(collection.slug, exclude)) return collection
  const hooks = collection.hooks ?? {}
  return {
    ...collection,
    fields: [...collection.fields, auditHistoryField],
    hooks: {
      ...hooks,
      afterChange: [...(hooks.afterChange ?? []), auditAfterChange],
      afterDelete: [...(hooks.afterDelete ?? []), auditAfterDelete],
      ...(collection.auth
        ? {
            afterError: [...(hooks.afterError ?? []), auditLoginFailed],
            afterLogin: [...(hooks.afterLogin ?? []), auditAfterLogin],
            afterLogout: [...(hooks.afterLogout ?? []), auditAfterLogout],
          }
        : {}),
    },
  }
}

export const withGlobalAudit = (global: GlobalConfig, exclude: Set<string>): GlobalConfig => {
  if (!isAudited(global.slug, exclude)) return global
  const hooks = global.hooks ?? {}
  return {
    ...global,
    hooks: { ...hooks, afterChange: [...(hooks.afterChange ?? []), auditGlobalAfterChange] },
  }
}
