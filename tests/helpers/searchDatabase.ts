import type pg from 'pg'

/**
 * Where a text occurs anywhere in the database's data: every table of every user schema, each
 * row cast to text (what a dump would contain), case-insensitively. Returns "table: count" lines.
 * (The Debian pg_dump here is older than the embedded server and refuses to dump it.)
 */
export const searchDatabase = async (sql: pg.Pool, needle: string): Promise<string[]> => {
  const { rows: tables } = await sql.query<{ name: string }>(`
    SELECT format('%I.%I', n.nspname, c.relname) AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`)
  const hits: string[] = []
  for (const { name } of tables) {
    const { rows } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${name} t WHERE t::text ILIKE '%' || $1 || '%'`,
      [needle],
    )
    if (rows[0]?.n) hits.push(`${name}: ${rows[0].n}`)
  }
  return hits
}
