/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first broken link.
 * Exit code 0 when the chain holds, 1 when a row was edited, removed or inserted.
 */
import pg from 'pg'

import { verifyAuditChain } from 'payload-events-cms'
import { ensureDatabase, loadEnv } from './lib/runtime'

loadEnv()
const database = await ensureDatabase()
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
await client.connect()
const report = await verifyAuditChain(client)
await client.end()
await database?.stop()

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
