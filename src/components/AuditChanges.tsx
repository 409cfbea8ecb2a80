import type { JSONFieldServerComponent } from 'payload'

import { isRecord } from '../utilities/sqlValues'

/** Longest value shown in a cell; the full row stays in the API and the export. */
const MAX_SHOWN = 300

/** The words of a Lexical rich-text value, so a changed description reads as text. */
const lexicalText = (node: unknown, depth = 0): string => {
  if (!isRecord(node) || depth > 50) return ''
  const own = typeof node.text === 'string' ? node.text : ''
  const children = Array.isArray(node.children)
    ? node.children.map((child) => lexicalText(child, depth + 1)).join(' ')
    : ''
  return `${own} ${children}`.replace(/\s+/g, ' ').trim()
}

const clip = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text)

/** One side of a change as text: empty, a string, rich text's words, or compact JSON. */
export const describeAuditValue = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') return clip(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (isRecord(value) && isRecord(value.root))
    return clip(lexicalText(value.root) || '(empty text)')
  return clip(JSON.stringify(value))
}

type Row = { field: string; from: string; to: string }

/** The rows of a change set: `{field: {from, to}}` per field, or the field names of a capped one. */
export const auditChangeRows = (changes: unknown): Row[] | { fields: string[] } => {
  if (!isRecord(changes)) return []
  if (changes.truncated === true && Array.isArray(changes.fields)) {
    return { fields: changes.fields.map(String) }
  }
  return Object.entries(changes).map(([field, change]) =>
    isRecord(change) && ('from' in change || 'to' in change)
      ? { field, from: describeAuditValue(change.from), to: describeAuditValue(change.to) }
      : { field, from: '', to: describeAuditValue(change) },
  )
}

const cell = { borderTop: '1px solid var(--theme-elevation-100)', padding: '4px 8px' }

/**
 * What an audit row changed, as a from/to table: plain server-rendered HTML, so it shows wherever
 * the admin panel does (Payload's JSON field loads its editor from a public CDN, and offline it
 * stayed an empty shimmer).
 */
export const AuditChangesTable = ({ changes }: { changes: unknown }) => {
  const rows = auditChangeRows(changes)
  if (!Array.isArray(rows)) {
    return (
      <p className="audit-changes__capped">
        Too large to keep in full (over 64 KB); changed fields: {rows.fields.join(', ')}
      </p>
    )
  }
  if (rows.length === 0) return <p className="audit-changes__none">No field changes recorded.</p>
  return (
    <table className="audit-changes" style={{ borderCollapse: 'collapse', width: '100%' }}>
      <thead>
        <tr>
          <th style={{ ...cell, textAlign: 'left' }}>Field</th>
          <th style={{ ...cell, textAlign: 'left' }}>From</th>
          <th style={{ ...cell, textAlign: 'left' }}>To</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ field, from, to }) => (
          <tr key={field}>
            <td style={{ ...cell, fontWeight: 600, verticalAlign: 'top' }}>{field}</td>
            <td style={{ ...cell, verticalAlign: 'top', wordBreak: 'break-word' }}>{from}</td>
            <td style={{ ...cell, verticalAlign: 'top', wordBreak: 'break-word' }}>{to}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The audit log's `changes` field in the admin panel: the table, read-only. */
export const AuditChangesField: JSONFieldServerComponent = ({ data, value }) => (
  <div className="field-type audit-changes-field" style={{ marginBottom: 24 }}>
    <label className="field-label">Changes</label>
    <AuditChangesTable
      changes={value === undefined ? (data as { changes?: unknown })?.changes : value}
    />
  </div>
)
