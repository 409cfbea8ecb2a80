/**
 * Several app servers on one machine behind HAProxy, as a deployment runs them on several: N
 * `next start` instances (ports basePort..basePort+N-1, JOBS_AUTORUN=off), one `npm run worker`
 * for the job queues, and HAProxy on `port` balancing round-robin with /api/health as its check.
 * The database is the embedded one (owned by this process) unless DATABASE_URL is set.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import {
  dataDir,
  ensureDatabase,
  ensureSecret,
  exitWithParent,
  loadEnv,
  log,
  migrate,
  productionServer,
  rootDir,
  tsxCli,
  waitForExit,
} from './runtime'
import { nodeArgs } from './nodeFlags'

export type ClusterOptions = {
  /** First instance's port; the others follow. */
  basePort: number
  instances: number
  /** The load balancer's port. */
  port: number
  /** Start `npm run worker` for the job queues. */
  worker?: boolean
  /** What the balancer and the start-up wait ask each server (default /api/health). */
  healthPath?: string
  /**
   * Start every app server as `npm start` does, all at the same moment, each applying the
   * migrations itself (what a fresh cluster or a rolling deploy does), instead of migrating once
   * before starting them.
   */
  migrateOnEachServer?: boolean
}

export type Cluster = {
  /** Each instance's origin, e.g. http://127.0.0.1:3101 */
  instances: string[]
  /** The load balancer's origin. */
  origin: string
  /** The app servers' process ids (for CPU figures). */
  pids: number[]
  stop: () => Promise<void>
}

const haproxyConfig = ({ basePort, healthPath, instances, port }: ClusterOptions): string => `
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend site
  bind 127.0.0.1:${port}
  default_backend apps
backend apps
  balance roundrobin
  option httpchk GET ${healthPath ?? '/api/health'}
  http-check expect status 200
  default-server inter 2s fall 2 rise 1
${Array.from({ length: instances }, (_, i) => `  server app${i + 1} 127.0.0.1:${basePort + i} check`).join('\n')}
`

const waitForHealth = async (
  origin: string,
  child: ChildProcess,
  what: string,
  healthPath = '/api/health',
) => {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const ok = await fetch(`${origin}${healthPath}`)
      .then((response) => response.ok)
      .catch(() => false)
    if (ok) return
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`)
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  throw new Error(`${what} did not answer ${healthPath} within 180 s`)
}

export const startCluster = async (options: ClusterOptions): Promise<Cluster> => {
  if (spawnSync('haproxy', ['-v']).status !== 0) {
    throw new Error(
      'HAProxy is not installed: apt-get install -y haproxy (or put another load balancer in front)',
    )
  }
  if (!fs.existsSync(path.join(rootDir, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` first')
  }
  loadEnv()
  ensureSecret()
  Object.assign(process.env, { NODE_ENV: 'production' })
  const database = await ensureDatabase()
  if (!options.migrateOnEachServer) await migrate()
  const children: ChildProcess[] = []
  // Each child exits with this process, even when it is killed with kill -9.
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv =>
    exitWithParent({ ...process.env, JOBS_AUTORUN: 'off', ...extra })
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      child.kill('SIGTERM')
      const exited = waitForExit(child)
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    }
    await database?.stop()
  }
  try {
    const instances = Array.from({ length: options.instances }, (_, i) => {
      const port = options.basePort + i
      const command = options.migrateOnEachServer
        ? [tsxCli, path.join(rootDir, 'scripts', 'start.ts')]
        : [productionServer]
      const child = spawn(process.execPath, nodeArgs(command), {
        cwd: rootDir,
        env: env({ PORT: String(port) }),
        stdio: ['ignore', options.migrateOnEachServer ? 'inherit' : 'ignore', 'inherit'],
      })
      children.push(child)
      return { child, origin: `http://127.0.0.1:${port}` }
    })
    if (options.worker !== false) {
      children.push(
        spawn(process.execPath, nodeArgs([tsxCli, path.join(rootDir, 'scripts', 'worker.ts')]), {
          cwd: rootDir,
          env: env({ JOBS_AUTORUN: 'on' }),
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      )
    }
    for (const [i, { child, origin }] of instances.entries()) {
      await waitForHealth(origin, child, `instance ${i + 1}`, options.healthPath)
    }
    const configFile = path.join(dataDir, 'cluster', 'haproxy.cfg')
    fs.mkdirSync(path.dirname(configFile), { recursive: true })
    fs.writeFileSync(configFile, haproxyConfig(options))
    const balancer = spawn('haproxy', ['-db', '-f', configFile], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    children.push(balancer)
    const origin = `http://127.0.0.1:${options.port}`
    await waitForHealth(origin, balancer, 'HAProxy', options.healthPath)
    log(`Cluster: ${options.instances} app server(s) behind HAProxy on ${origin}`)
    return {
      instances: instances.map(({ origin }) => origin),
      origin,
      pids: instances.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid])),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
