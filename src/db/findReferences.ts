import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionDb } from '../utilities/transactionDb'

type ForeignKey = { column: string; table: string; target: string }
type Path = { column: string; joins: string[]; root: string; table: string }
export type Reference = { id: string; location: string; root: string; title: null | string }

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`
const PARENT_COLUMNS = ['_parent_id', 'parent_id']

/** Version history and Payload's own tables (locks, preferences) do not count as uses. */
const counts = (table: string) => !table.startsWith('_') && !table.startsWith('payload_')

const catalogs = new WeakMap<object, Promise<ForeignKey[]>>()

/** Every single-column foreign key of the schema, read once per Payload instance. */
const foreignKeys = (req: PayloadRequest): Promise<ForeignKey[]> => {
  let catalog = catalogs.get(req.payload)
  if (!catalog) {
    catalog = transactionDb(req).then(async (db) => {
      const { rows } = await db.execute<ForeignKey>(sql`
        SELECT src.relname AS "table", a.attname AS "column", dst.relname AS target
        FROM pg_constraint c
        JOIN pg_class src ON src.oid = c.conrelid
        JOIN pg_class dst ON dst.oid = c.confrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND src.relnamespace = 'public'::regnamespace
          AND cardinality(c.conkey) = 1`)
      return rows
    })
    catalog.catch(() => catalogs.delete(req.payload))
    catalogs.set(req.payload, catalog)
  }
  return catalog
}

/** From a table holding the reference up through block/array/rels tables to the document's table. */
const pathsTo = (keys: ForeignKey[], target: string): Path[] => {
  const parentOf = new Map(
    keys
      .filter(({ column }) => PARENT_COLUMNS.includes(column))
      .map((key) => [key.table, key] as const),
  )
  return keys
    .filter(({ table, target: to }) => to === target && table !== target && counts(table))
    .filter(({ column }) => !PARENT_COLUMNS.includes(column))
    .map(({ column, table }) => {
      const joins: string[] = []
      let current = table
      for (let parent = parentOf.get(current); parent; parent = parentOf.get(current)) {
        joins.push(
          `JOIN ${ident(parent.target)} ON ${ident(parent.target)}.id = ${ident(current)}.${ident(parent.column)}`,
        )
        current = parent.target
      }
      return { column, joins, root: current, table }
    })
}

const locationOf = ({ column, root, table }: Path) => {
  const inner = table === root ? '' : table.slice(root.length + 1).replace(/(^|_)rels$/, '')
  const field = column.replace(/_id$/, '')
  return [inner, field].filter(Boolean).join(' ').replace(/_/g, ' ')
}

/**
 * Where rows of `target` are used: one statement over every foreign key that points at it, each
 * resolved to the document (collection or global row) it belongs to. `titleColumn` names the
 * column to show per document table (e.g. pages -> title).
 */
export const findReferences = async (
  req: PayloadRequest,
  target: string,
  id: number | string,
  titleColumn: (table: string) => string | undefined,
  limit = 20,
): Promise<Reference[]> => {
  const paths = pathsTo(await foreignKeys(req), target)
  if (paths.length === 0) return []
  const selects = paths.map((path) => {
    const title = titleColumn(path.root)
    const head = `SELECT DISTINCT ${ident(path.root)}.id::text AS id, '${path.root}' AS root,
        ${title ? `${ident(path.root)}.${ident(title)}::text` : 'NULL'} AS title,
        '${locationOf(path).replace(/'/g, "''")}' AS location
      FROM ${ident(path.table)} ${path.joins.join(' ')}
      WHERE ${ident(path.table)}.${ident(path.column)} =`
    return sql`${sql.raw(head)} ${String(id)}`
  })
  const db = await transactionDb(req)
  const { rows } = await db.execute<Reference>(
    sql`${sql.join(selects, sql.raw(' UNION ALL '))} LIMIT ${sql.raw(String(Math.trunc(limit)))}`,
  )
  return rows
}
