import type { UIFieldServerComponent } from 'payload'

import { hasRole } from '../access/roles'
import { slugs } from '../slugs'

const LIMIT = 25

const describeChanges = (changes: unknown): string => {
  if (!changes || typeof changes !== 'object') return ''
  if ('truncated' in changes && 'fields' in changes && Array.isArray(changes.fields))
    return changes.fields.join(', ')
  return Object.keys(changes).join(', ')
}

/** Sidebar panel on every audited document: its latest audit rows (admins only). */
export const AuditHistory: UIFieldServerComponent = async ({
  collectionSlug,
  id,
  payload,
  req,
}) => {
  if (id === undefined || !hasRole(req, 'admin')) return null
  const { docs, totalDocs } = await payload.find({
    collection: slugs.auditLogs,
    depth: 1,
    limit: LIMIT,
    overrideAccess: false,
    req,
    sort: '-createdAt',
    user: req.user,
    where: {
      and: [{ collection: { equals: collectionSlug } }, { documentId: { equals: String(id) } }],
    },
  })
  return (
    <div className="audit-history" style={{ marginTop: 24 }}>
      <h4 style={{ marginBottom: 8 }}>History</h4>
      {docs.length === 0 ? <p>No recorded changes yet.</p> : null}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {docs.map((entry) => {
          const who =
            typeof entry.user === 'object' && entry.user
              ? entry.user.email
              : entry.user
                ? String(entry.user)
                : 'system'
          const changed = describeChanges(entry.changes)
          return (
            <li key={entry.id} style={{ marginBottom: 8 }}>
              <strong>{entry.action}</strong> by {who} via {entry.origin}
              <br />
              <small>
                {new Date(entry.createdAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC
                {changed ? ` · ${changed}` : ''}
              </small>
            </li>
          )
        })}
      </ul>
      {totalDocs > LIMIT ? (
        <a
          href={`${payload.config.routes.admin}/collections/${slugs.auditLogs}?where[collection][equals]=${collectionSlug}&where[documentId][equals]=${String(id)}`}
        >
          All {totalDocs} entries
        </a>
      ) : null}
    </div>
  )
}
