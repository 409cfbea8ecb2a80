/**
 * `npm run bench:audit`: what the audit log adds to a write. Creates tags through the Local API on
 * a throwaway PostgreSQL, alternating rounds with the audit on and off (`audit.exclude`) in the same
 * run, and prints median and p95 per create and the ratio. Figures, not assertions: machines here
 * are noisy, so compare the two columns of one run.
 */
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'

import { getPayload, type Payload } from 'payload'

import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { startEmbeddedPostgres } from '../scripts/lib/embeddedPostgres'
import { commandLine } from '../scripts/lib/cli'
import { nodeArgs, tsxCli } from '../scripts/lib/nodeFlags'

commandLine(`
Usage: npm run bench:audit

What the audit log adds to a write, on a throwaway PostgreSQL. BENCH_ROUNDS, BENCH_PER_ROUND.
`)

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 200)

process.env.PAYLOAD_SECRET ??= 'bench-secret'
const server = await startEmbeddedPostgres({
  database: 'bench',
  dataDir: path.join(os.tmpdir(), `events-cms-bench-${process.pid}`),
  persistent: false,
  port: 0,
})
const rootDir = path.resolve(import.meta.dirname, '..')
const migrated = spawnSync(
  process.execPath,
  nodeArgs([tsxCli, path.join(rootDir, 'scripts/migrate.ts')]),
  {
    cwd: rootDir,
    env: {
      ...process.env,
      DATABASE_URL: server.url,
      PAYLOAD_CONFIG_PATH: path.join(rootDir, 'payload.config.ts'),
    },
    stdio: 'ignore',
  },
)
if (migrated.status !== 0) throw new Error('payload migrate failed')

const audited = await getPayload({
  config: buildAppConfig({ databaseUrl: server.url }),
  key: 'audited',
})
const plain = await getPayload({
  config: buildAppConfig({ databaseUrl: server.url, plugin: { audit: { exclude: ['tags'] } } }),
  key: 'plain',
})

const timings: Record<'audited' | 'plain', number[]> = { audited: [], plain: [] }
let counter = 0
const createTags = async (payload: Payload, into: number[]) => {
  for (let i = 0; i < PER_ROUND; i += 1) {
    counter += 1
    const started = performance.now()
    await payload.create({
      collection: 'tags',
      data: { name: `Tag ${counter}`, slug: `tag-${counter}` },
    })
    into.push(performance.now() - started)
  }
}

await createTags(audited, []) // warm-up: JIT, prepared plans, pool
await createTags(plain, [])
for (let round = 0; round < ROUNDS; round += 1) {
  await createTags(audited, timings.audited)
  await createTags(plain, timings.plain)
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}
const row = (label: string, values: number[]) =>
  `| ${label} | ${values.length} | ${quantile(values, 0.5).toFixed(2)} | ${quantile(values, 0.95).toFixed(2)} |`

console.log(
  `\nAudit overhead on a Local API create (tags), ${ROUNDS} alternating rounds of ${PER_ROUND}\n`,
)
console.log('| variant | creates | median ms | p95 ms |')
console.log('| --- | --- | --- | --- |')
console.log(row('with audit row', timings.audited))
console.log(row('audit excluded', timings.plain))
const ratio = quantile(timings.audited, 0.5) / quantile(timings.plain, 0.5)
const added = quantile(timings.audited, 0.5) - quantile(timings.plain, 0.5)
console.log(`\nmedian overhead: +${added.toFixed(2)} ms per create (x${ratio.toFixed(2)})`)

await closePayload(audited)
await closePayload(plain)
await server.stop()
process.exit(0)
