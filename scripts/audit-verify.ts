/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first broken link.
 * Exit code 0 when the chain holds, 1 when a row was edited, removed or inserted (or there is no
 * database to check yet).
 */
import pg from 'pg'

import { verifyAuditChain } from 'payload-events-cms/audit'
import { commandLine, exitWith } from './lib/cli'
import { existingDatabase, loadEnv } from './lib/runtime'

commandLine(`
Usage: npm run audit:verify

Walks the audit log's hash chain in the app's database (DATABASE_URL, else the embedded one in
.data/pg) and reports the first row that was edited, removed or inserted.
Exit code: 0 the chain holds; 1 it is broken, or there is no database yet.
`)
loadEnv()
const database = await existingDatabase()
if ('missing' in database) exitWith('audit:verify', database.missing)
const { server, url } = database as Exclude<typeof database, { missing: string }>
const client = new pg.Client({ connectionString: url })
const report = await client
  .connect()
  .then(() => verifyAuditChain(client))
  .finally(async () => {
    await client.end().catch(() => undefined)
    await server?.stop()
  })

if (report.ok) {
  const trimmed = report.startsAfter
    ? ` (starts after the dropped partition ${report.startsAfter})`
    : ''
  const { actor, personal } = report.erased
  const erased =
    actor + personal > 0
      ? `; personal data erased (each by a recorded erase/expire row): ${personal} rows' personal fields, ${actor} rows' ip and user agent`
      : ''
  console.log(`audit:verify: OK, ${report.rows} rows, chain intact${trimmed}${erased}`)
  process.exit(0)
}
console.error(`audit:verify: BROKEN at seq ${report.seq} (row ${report.rows}): ${report.problem}`)
process.exit(1)
