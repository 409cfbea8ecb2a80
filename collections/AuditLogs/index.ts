import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { auditOrigins } from '../../src/audit/requestInfo'
import { auditActions } from '../../src/audit/writeAuditLog'
import type { PluginSettings } from '../../src/settings'
import { slugs } from '../../src/slugs'

const nobody = () => false

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
    { name: 'ip', type: 'text' },
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
      admin: { description: 'Per changed field {from, to}; secrets redacted; capped at 64 KB.' },
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
