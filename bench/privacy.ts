/**
 * `npm run bench:privacy`: what personal data costs on the bench dataset (`npm run bench:seed`,
 * 1,000,000 audit rows). Prints: the one-time reseal of audit rows written before personal parts
 * existed (the migration, when the bench database has not had it yet), `audit:verify` over the
 * whole chain, and one export and one erasure of the customer with the most audit rows, each
 * inside a transaction that is rolled back (the dataset stays as it was). Figures, not assertions.
 */
import { createLocalReq, getPayload, initTransaction, killTransaction } from 'payload'
import pg from 'pg'

import { verifyAuditChain } from 'payload-events-cms/audit'
import { eraseAccount, exportPersonalData } from 'payload-events-cms/privacy'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { migrateBenchDatabase, startBenchDatabase } from './lib/benchDatabase'
import { commandLine } from '../scripts/lib/cli'

commandLine(`
Usage: npm run bench:privacy

What personal data costs on the bench data: reseal, audit:verify, one export and one erasure
(rolled back). \`npm run bench:seed\` first.
`)

process.env.PAYLOAD_SECRET ??= 'bench-secret'
const database = await startBenchDatabase()
const client = new pg.Client({ connectionString: database.url })
await client.connect()

const legacy = await client.query<{ n: string }>(
  `SELECT count(*) AS n FROM audit_logs WHERE to_regproc('audit_logs_sealed') IS NULL`,
)
const rows = Number(legacy.rows[0]?.n ?? 0)
let started = performance.now()
await migrateBenchDatabase(database.url)
const migrateMs = performance.now() - started
console.log(
  rows > 0
    ? `reseal (migration) of ${rows.toLocaleString('en')} audit rows: ${(migrateMs / 1000).toFixed(1)} s`
    : `migrations: ${(migrateMs / 1000).toFixed(1)} s (audit rows were sealed already)`,
)

started = performance.now()
const report = await verifyAuditChain(client)
console.log(
  `audit:verify: ${report.ok ? 'OK' : `BROKEN: ${report.problem}`}, ${report.rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)

const payload = await getPayload({ config: buildAppConfig({ databaseUrl: database.url }) })
const { rows: busiest } = await client.query<{ id: string; n: string }>(`
  SELECT u.id::text AS id, count(*) AS n FROM users u JOIN audit_logs a ON a.user_id = u.id
   WHERE u.role = 'user' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`)
const person = busiest[0]
if (person) {
  /** Runs `work` in a transaction that is rolled back, and times it. */
  const timed = async (
    work: (req: Awaited<ReturnType<typeof createLocalReq>>) => Promise<unknown>,
  ) => {
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    const at = performance.now()
    try {
      const result = await work(req)
      return { ms: performance.now() - at, result }
    } finally {
      await killTransaction(req)
    }
  }
  const exported = await timed((req) => exportPersonalData(req, person.id))
  const size = Buffer.byteLength(JSON.stringify(exported.result))
  console.log(
    `export of the busiest customer (${Number(person.n).toLocaleString('en')} audit rows by them): ${exported.ms.toFixed(0)} ms, ${(size / 1024).toFixed(0)} KiB`,
  )
  const erased = await timed((req) => eraseAccount(req, person.id, { byUserId: null }))
  console.log(
    `erasure of the same customer (rolled back): ${erased.ms.toFixed(0)} ms, ${JSON.stringify(erased.result)}`,
  )
  const { rows: left } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_logs WHERE action = 'erase'`,
  )
  console.log(`erase rows after the rollback: ${left[0]?.n} (nothing kept)`)
}
await closePayload(payload)
await client.end()
await database.stop()
process.exit(0)
