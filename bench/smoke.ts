/**
 * `npm run bench:smoke` (CI): the benchmark end to end so that it can never stop working unnoticed,
 * without its cost. Seeds a small dataset of its own from scratch (`.data/bench-smoke-pg`, port
 * 54331; the full one in `.data/bench-pg` is not touched), then runs `npm run bench` with
 * BENCH_SMOKE=1: every scenario, the ceiling row included, 1 s at one connection. Fails when a
 * row answers nothing or errs, or anything is oversold. Needs `npm run build` first. The figures
 * go to bench/results/smoke.md (not committed: they mean nothing).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { commandLine } from '../scripts/lib/cli'
import { nodeArgs } from '../scripts/lib/nodeFlags'
import { rootDir, tsxCli } from '../scripts/lib/runtime'
import { benchDataDir } from './lib/benchDatabase'

commandLine(`
Usage: npm run bench:smoke

Every benchmark scenario once (1 s, one connection) on a small dataset of its own; fails when a
scenario breaks. Needs \`npm run build\`.
`)

const env: NodeJS.ProcessEnv = {
  ...process.env,
  BENCH_AUDIT: '2000',
  BENCH_BOOKINGS: '2000',
  BENCH_EVENTS: '400',
  BENCH_MEDIA: '200',
  BENCH_PAGES: '20',
  BENCH_SMOKE: '1',
  BENCH_USERS: '150',
  BENCH_VENUES: '20',
}
delete env.BENCH_DATABASE_URL
process.env.BENCH_SMOKE = '1'
fs.rmSync(benchDataDir(), { force: true, recursive: true })

for (const script of ['seed.ts', 'run.ts']) {
  console.log(`[bench:smoke] bench/${script}`)
  const { status } = spawnSync(
    process.execPath,
    nodeArgs([tsxCli, path.join(rootDir, 'bench', script)]),
    { cwd: rootDir, env, stdio: 'inherit' },
  )
  if (status !== 0) {
    console.error(`[bench:smoke] bench/${script} failed (exit ${status})`)
    process.exit(status ?? 1)
  }
}
fs.rmSync(benchDataDir(), { force: true, recursive: true })
console.log('[bench:smoke] passed')
