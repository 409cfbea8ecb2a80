import type { UIFieldServerComponent } from 'payload'

import { hasRole } from '../access/roles'
import { slugs } from '../slugs'
import { auditChangeRows, AuditChangesTable } from './AuditChanges'

const LIMIT = 25

const changedFields = (changes: unknown): string => {
  const rows = auditChangeRows(changes)
  return (Array.isArray(rows) ? rows.map(({ field }) => field) : rows.fields).join(', ')
}

/** Sidebar panel on every audited document: its latest audit rows with their values (admins only). */
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
          const changed = changedFields(entry.changes)
          return (
            <li key={entry.id} style={{ marginBottom: 8 }}>
              <strong>{entry.action}</strong> by {who} via {entry.origin}
              <br />
              <small>
                {new Date(entry.createdAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC
              </small>
              {changed ? (
                // Native disclosure: the values open without any script.
                <details className="audit-history__changes">
                  <summary>
                    <small>{changed}</small>
                  </summary>
                  <small>
                    <AuditChangesTable changes={entry.changes} />
                  </small>
                </details>
              ) : null}
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
