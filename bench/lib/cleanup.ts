/**
 * What a benchmark started (app servers, its PostgreSQL, pools) is stopped however it ends: done,
 * failed (an exception, a refused login), or interrupted. Without this a failed run left both
 * servers and the database running, and the next run refused to start (its ports in use).
 */
type Step = () => Promise<unknown> | unknown

const steps: Step[] = []
let running: Promise<void> | undefined

/** Registers a step; steps run in reverse order of registration (servers before the database). */
export const onCleanup = (step: Step): void => {
  steps.unshift(step)
}

/** Runs every registered step once, each whatever the others did. */
export const cleanup = (): Promise<void> =>
  (running ??= (async () => {
    for (const step of steps) {
      try {
        await step()
      } catch {
        // the next step still runs
      }
    }
  })())

/** Says what went wrong (no stack trace for a known failure), stops everything and exits 1. */
export const failBench = async (script: string, message: string): Promise<never> => {
  console.error(`${script}: FAILED: ${message}`)
  await cleanup()
  process.exit(1)
}

/** Stops everything on an uncaught error (a failed top-level await) or a signal. */
export const cleanUpOnExit = (script: string): void => {
  process.on('uncaughtException', (error) => void failBench(script, error.stack ?? error.message))
  process.on('unhandledRejection', (error) =>
    failBench(script, error instanceof Error ? (error.stack ?? error.message) : String(error)),
  )
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void cleanup().then(() => process.exit(130)))
  }
}
