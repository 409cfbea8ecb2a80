/**
 * `npm run cluster`: CLUSTER_INSTANCES (default 2) app servers behind HAProxy on PORT (default
 * 3000), instances on CLUSTER_BASE_PORT (default 3101) onwards, and one job worker; the embedded
 * PostgreSQL unless DATABASE_URL is set. Needs `npm run build` and the `haproxy` package. Ctrl-C
 * stops everything. See docs/scaling.md.
 */
import { startCluster } from './lib/cluster'
import { log } from './lib/runtime'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run cluster

CLUSTER_INSTANCES (default 2) production app servers behind HAProxy on PORT (default 3000), from
CLUSTER_BASE_PORT (default 3101) onwards, and one job worker. Needs \`npm run build\` and haproxy.
`)

const cluster = await startCluster({
  basePort: Number(process.env.CLUSTER_BASE_PORT ?? 3101),
  instances: Number(process.env.CLUSTER_INSTANCES ?? 2),
  port: Number(process.env.PORT ?? 3000),
})
log(`Instances: ${cluster.instances.join(', ')}; open ${cluster.origin}/admin`)
let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  log(`${signal}: stopping the cluster`)
  await cluster.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
setInterval(() => undefined, 60_000)
