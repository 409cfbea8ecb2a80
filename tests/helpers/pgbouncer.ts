/**
 * A real PgBouncer (Debian's `pgbouncer` package) in transaction mode in front of the test
 * cluster, for the pooler suite. As root it runs as the `postgres` OS user, as PgBouncer refuses
 * to run as root.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { freePort } from '../../scripts/lib/embeddedPostgres'

export const PGBOUNCER = '/usr/sbin/pgbouncer'
export const hasPgbouncer = (): boolean => spawnSync(PGBOUNCER, ['--version']).status === 0

export type Pgbouncer = { port: number; stop: () => Promise<void>; url: (direct: string) => string }

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

export const startPgbouncer = async (server: {
  host: string
  port: number
}): Promise<Pgbouncer> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-pgbouncer-'))
  fs.chmodSync(dir, 0o755)
  const port = await freePort()
  const ini = path.join(dir, 'pgbouncer.ini')
  fs.writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" "postgres"\n')
  fs.writeFileSync(
    ini,
    `[databases]
* = host=${server.host} port=${server.port} user=postgres password=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = plain
auth_file = ${path.join(dir, 'userlist.txt')}
pool_mode = transaction
max_client_conn = 500
default_pool_size = 8
; Settings in the startup packet an app may send without knowing about the pooler: accepted and
; dropped (the plugin sends none when told it is behind a pooler).
ignore_startup_parameters = extra_float_digits,statement_timeout,lock_timeout,idle_in_transaction_session_timeout
`,
  )
  for (const file of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, file), 0o644)
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const child: ChildProcess = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'postgres'] : []), ini], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 10_000
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`PgBouncer did not start: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGINT')
        await exited
      }
      fs.rmSync(dir, { force: true, recursive: true })
    },
    url: (direct) => {
      const parsed = new URL(direct)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(port)
      return parsed.toString()
    },
  }
}
