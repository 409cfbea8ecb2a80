/**
 * A production server of this checkout (`scripts/start.ts`) on the bench database, stopped by the
 * bench's cleanup however the bench ends.
 */
import { type ChildProcess, spawn } from 'node:child_process'

import { rootDir, tsxCli } from '../../scripts/lib/runtime'
import { BENCH_SECRET } from './benchDatabase'
import { failBench, onCleanup } from './cleanup'
import { nodeArgs } from '../../scripts/lib/nodeFlags'

export type BenchServer = { child: ChildProcess; origin: string }

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (!child.pid || child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    process.kill(-child.pid, 'SIGTERM')
  })

export const startBenchServer = async (
  script: string,
  {
    databaseUrl,
    plain = false,
    port,
    root = rootDir,
  }: {
    databaseUrl: string
    plain?: boolean
    port: number
    /** Another checkout's production build (the "before" of a comparison), else this one. */
    root?: string
  },
): Promise<BenchServer> => {
  const origin = `http://127.0.0.1:${port}`
  const taken = await fetch(`${origin}/`).then(
    () => true,
    () => false,
  )
  if (taken) await failBench(script, `port ${port} is already in use: stop what runs there first`)
  const child = spawn(process.execPath, nodeArgs([tsxCli, 'scripts/start.ts']), {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      BENCH_CEILING: '1',
      DATABASE_URL: databaseUrl,
      EVENTS_CMS_PLUGIN: plain ? 'off' : 'on',
      // App servers as measured: the queues (mail above all) run in a worker elsewhere.
      JOBS_AUTORUN: 'off',
      NODE_ENV: 'production',
      PAYLOAD_SECRET: BENCH_SECRET,
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  onCleanup(() => stopServer(child))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    const ok = await fetch(`${origin}/api/events?limit=1`)
      .then((response) => response.ok)
      .catch(() => false)
    if (ok) return { child, origin }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return failBench(script, `the server on port ${port} did not start (exit code ${child.exitCode})`)
}
