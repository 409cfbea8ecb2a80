import type { CollectionAfterReadHook, CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { presentAuditChanges } from '../../src/audit/personalParts'
import { auditOrigins } from '../../src/audit/requestInfo'
import { auditActions } from '../../src/audit/writeAuditLog'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'

const nobody = () => false

/**
 * Readers see the personal parts (see src/audit/personalParts.ts) where they belong: ip and user
 * agent as fields, personal fields among the changes, and which parts were erased.
 */
const presentPersonalParts: CollectionAfterReadHook = ({ doc }) => {
  if (!doc || !('changes' in doc)) return doc
  const shown = presentAuditChanges(doc.changes)
  return {
    ...doc,
    changes: shown.changes,
    ...(shown.ip !== undefined ? { ip: shown.ip, userAgent: shown.userAgent } : {}),
    ...(shown.erased.length ? { erased: shown.erased } : {}),
  }
}

/**
 * Append-only history of every change. Rows are written by `audit_logs_append()` inside the
 * change's transaction; no API can create, edit or delete them, and a PostgreSQL trigger refuses
 * UPDATE and DELETE from any client. `hash`/`prevHash` chain the rows (`npm run audit:verify`).
 */
export const createAuditLogsCollection = (settings: PluginSettings): CollectionConfig => ({
  slug: slugs.auditLogs,
  access: { create: nobody, delete: nobody, read: adminsOnly, update: nobody },
  admin: {
    defaultColumns: ['createdAt', 'action', 'collection', 'documentId', 'user', 'origin', 'ip'],
    description: 'Who changed what, when and from where. Read-only.',
    group: 'System',
    useAsTitle: 'action',
  },
  disableDuplicate: true,
  hooks: { afterRead: [presentPersonalParts] },
  fields: [
    {
      name: 'action',
      type: 'select',
      options: auditActions.map((value) => ({ label: value, value })),
      required: true,
    },
    { name: 'collection', type: 'text', required: true },
    { name: 'documentId', type: 'text' },
    {
      name: 'user',
      type: 'relationship',
      admin: { description: 'Empty for anonymous and system changes.' },
      relationTo: settings.slugs.users,
    },
    {
      name: 'ip',
      type: 'text',
      admin: { description: 'Erased with the person, or after the retention period.' },
    },
    { name: 'userAgent', type: 'text' },
    {
      name: 'origin',
      type: 'select',
      options: auditOrigins.map((value) => ({ label: value, value })),
      required: true,
    },
    {
      name: 'changes',
      type: 'json',
      admin: {
        components: { Field: 'payload-events-cms/rsc#AuditChangesField' },
        description: 'Per changed field {from, to}; secrets redacted; capped at 64 KB.',
      },
    },
    { name: 'hash', type: 'text', required: true },
    { name: 'prevHash', type: 'text', required: true },
  ],
  indexes: [
    { fields: ['collection', 'documentId'] },
    { fields: ['user', 'createdAt'] },
    { fields: ['action', 'collection'] },
  ],
})
