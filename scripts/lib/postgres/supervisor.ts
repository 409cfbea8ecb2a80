/**
 * Keeps the owner's PostgreSQL running: starts it (or adopts one that a killed owner left behind),
 * notices when it dies unexpectedly, says so in one line, and starts it again on the same port
 * with back-off. A server that keeps dying gives up after a bounded time so that a process manager
 * can restart the whole app instead.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import {
  answers,
  assertPortFree,
  freePort,
  isLiveServer,
  launchServer,
  type PostgresHost,
  readPostmasterPid,
  STOP_TIMEOUT_MS,
  stopServerPid,
} from './processes'

export type SupervisorOptions = {
  dataDir: string
  host: PostgresHost
  /** Server log lines. */
  log: (line: string) => void
  /** Lifecycle lines an operator must see: adopted, died, restarted, gave up. */
  notice: (line: string) => void
  /** Called once restarts have failed for good. */
  onGiveUp: (error: Error) => void
  /** Wanted port; `0` picks a free one. An adopted server keeps the port it has. */
  port: number
  settings: Record<string, string>
}

export type SupervisedServer = {
  /** Leaves the server running for another owner (no restart, no stop). */
  detach: () => void
  port: number
  stop: () => Promise<void>
}

/** Restart delays: quick at first (a kill -9 is usually a one-off), then up to 30 s. */
const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000]
/** Restarts in a row after which we give up: about three minutes of trying. */
const MAX_FAILED_STARTS = 12
/** A server that stayed up this long has recovered: the next death starts counting afresh. */
const STABLE_AFTER_MS = 60_000
const ADOPTED_POLL_MS = 500

/** A `postmaster.pid` whose process is gone (or a zombie) would stop the next start: drop it. */
const dropStalePidFile = (dataDir: string): void => {
  const recorded = readPostmasterPid(dataDir)
  if (recorded && !isLiveServer(recorded.pid, dataDir)) {
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true })
  }
}

/** The server's own complaint when it refuses to start (its first output line), else ours. */
const startProblem = (error: unknown): string => {
  const [first = '', ...output] = String((error as Error).message ?? error).split('\n')
  const said = output.map((line) => line.trim()).filter(Boolean)
  return (said.find((line) => /FATAL|PANIC/.test(line)) ?? said[0] ?? first).trim()
}

export const waitUntilAnswers = async (port: number, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await answers(port)) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

/** The server a killed owner left running, if it still works: adopt it rather than restart. */
const adoptable = async (
  { dataDir, notice }: SupervisorOptions,
  recorded: { pid: number; port: number } | undefined,
): Promise<{ pid: number; port: number } | undefined> => {
  if (!recorded || !isLiveServer(recorded.pid, dataDir)) return undefined
  if (await waitUntilAnswers(recorded.port, 10_000)) return recorded
  notice(`PostgreSQL (pid ${recorded.pid}) left by an earlier run does not answer: stopping it`)
  await stopServerPid(recorded.pid, dataDir)
  return undefined
}

export const superviseServer = async (options: SupervisorOptions): Promise<SupervisedServer> => {
  const { dataDir, host, log, notice, settings } = options
  let child: ChildProcess | undefined
  let adoptedPid: number | undefined
  let poll: NodeJS.Timeout | undefined
  let retry: NodeJS.Timeout | undefined
  let ended = false
  let failures = 0
  let upSince = Date.now()

  const adopted = await adoptable(options, readPostmasterPid(dataDir))
  const port = adopted?.port ?? (options.port === 0 ? await freePort() : options.port)

  const launch = async () => {
    dropStalePidFile(dataDir)
    await assertPortFree(port)
    const started = await launchServer(host, dataDir, port, settings, log)
    upSince = Date.now()
    watchChild(started)
    return started
  }

  const restart = async (): Promise<void> => {
    retry = undefined
    if (ended) return
    const began = Date.now()
    try {
      child = await launch()
      notice(`PostgreSQL is back on port ${port} (pid ${child.pid}) after ${Date.now() - began} ms`)
    } catch (error) {
      scheduleRestart(`did not start (${startProblem(error)})`)
    }
  }

  const scheduleRestart = (reason: string) => {
    if (ended) return
    failures = Date.now() - upSince > STABLE_AFTER_MS ? 1 : failures + 1
    if (failures > MAX_FAILED_STARTS) {
      ended = true
      const message = `PostgreSQL keeps failing (${reason}); gave up after ${MAX_FAILED_STARTS} restarts`
      notice(message)
      options.onGiveUp(new Error(message))
      return
    }
    const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length) - 1] ?? 30_000
    notice(`PostgreSQL ${reason}; restarting it in ${delay} ms (attempt ${failures})`)
    upSince = Date.now()
    retry = setTimeout(() => void restart(), delay)
  }

  const watchChild = (started: ChildProcess) => {
    started.once('exit', (code, signal) => {
      if (ended || child !== started) return
      child = undefined
      scheduleRestart(
        `(pid ${started.pid}) stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`,
      )
    })
  }

  if (adopted) {
    adoptedPid = adopted.pid
    notice(
      `Adopted the PostgreSQL (pid ${adopted.pid}, port ${adopted.port}) that an earlier run left running`,
    )
    poll = setInterval(() => {
      if (adoptedPid === undefined || isLiveServer(adoptedPid, dataDir)) return
      clearInterval(poll)
      const gone = adoptedPid
      adoptedPid = undefined
      scheduleRestart(`(pid ${gone}) stopped unexpectedly`)
    }, ADOPTED_POLL_MS)
  } else {
    child = await launch()
  }

  const stopTimers = () => {
    ended = true
    clearInterval(poll)
    clearTimeout(retry)
  }

  return {
    detach: () => {
      stopTimers()
      child?.stderr?.destroy()
      child?.unref()
    },
    port,
    stop: async () => {
      stopTimers()
      if (adoptedPid !== undefined) await stopServerPid(adoptedPid, dataDir)
      const running = child
      if (!running || running.exitCode !== null || running.signalCode !== null) return
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
      running.kill('SIGINT') // fast shutdown: rolls back open transactions, writes a checkpoint
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
  }
}
