/**
 * CPU time spent by the measured server (its whole process group) and by PostgreSQL (every
 * `postgres` process), from /proc: what bounds a throughput figure on a small machine. Linux only;
 * elsewhere it reports nothing.
 */
import fs from 'node:fs'

export type CpuSample = { postgres: number; server: number } | undefined

const TICKS_PER_SECOND = 100

/** `server`: the server's process group, or the app servers' process ids. */
export const sampleCpu = (server: number | readonly number[] | undefined): CpuSample => {
  if (!fs.existsSync('/proc/self/stat') || server === undefined) return undefined
  const isServer = (pid: string, group: number) =>
    typeof server === 'number' ? group === server : server.includes(Number(pid))
  const seconds = { postgres: 0, server: 0 }
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue // the process ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    // Fields after the name: state, ppid, pgrp, ... utime, stime, cutime, cstime (12th-15th). The
    // children's times keep a process that ended (a closed PostgreSQL connection) counted.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const cpu =
      [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) / TICKS_PER_SECOND
    if (isServer(pid, Number(fields[2]))) seconds.server += cpu
    else if (name.startsWith('postgres')) seconds.postgres += cpu
  }
  return seconds
}

/** CPU milliseconds per request between two samples, or undefined without /proc. */
export const cpuPerRequest = (
  before: CpuSample,
  after: CpuSample,
  requests: number,
): { postgres: number; server: number } | undefined =>
  before && after && requests > 0
    ? {
        postgres: ((after.postgres - before.postgres) * 1000) / requests,
        server: ((after.server - before.server) * 1000) / requests,
      }
    : undefined
