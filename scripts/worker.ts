/**
 * `npm run worker`: runs the jobs queues (hold expiry, mail, waiting-list offers, scheduled publishing, audit partitions) in
 * a process of its own, with no web server. Run one beside app servers started with
 * JOBS_AUTORUN=off (see docs/scaling.md). Scheduled runs are claimed in the database, so two
 * workers (or workers and app servers with autoRun) never queue one run twice; every task is
 * idempotent, so a run picked up twice does nothing twice either.
 */
import { ensureDatabase, ensureSecret, loadEnv, log, migrate } from './lib/runtime'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run worker

Runs the jobs queues (hold expiry, scheduled publishing, audit partitions, retention) in a process
of its own, beside app servers started with JOBS_AUTORUN=off. SIGTERM or Ctrl-C stops it.
`)

loadEnv()
ensureSecret()
process.env.JOBS_AUTORUN = 'on'
const database = await ensureDatabase()
await migrate()
const [{ getPayload }, { default: config }, { closePayload }] = await Promise.all([
  import('payload'),
  import('../payload.config'),
  import('./lib/closePayload'),
])
// `cron: true` starts Payload's autoRun schedules in this process.
const payload = await getPayload({ config, cron: true })
log(
  `Worker running the jobs queues (${(payload.config.jobs.autoRun as { queue?: string }[]).map(({ queue }) => queue).join(', ')})`,
)

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  log(`${signal}: stopping the worker`)
  await closePayload(payload)
  await database?.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
setInterval(() => undefined, 60_000)
