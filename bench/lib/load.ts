/**
 * One load run, in its own process so the load generator never competes with the measured server
 * inside one event loop: reads a LoadSpec (JSON file named by argv[2]), runs autocannon, prints a
 * LoadResult as JSON on stdout.
 */
import fs from 'node:fs'

import autocannon from 'autocannon'

export type LoadRequest = {
  body?: string
  headers?: Record<string, string>
  method: string
  path: string
}
export type LoadSpec = {
  connections: number
  durationSeconds: number
  /** Seconds before an unanswered request counts as an error (default: the run's length). */
  timeoutSeconds?: number
  origin: string
  /** Each request picks one of these at random (random ids, users, events), or in order. */
  order?: 'sequential'
  variants: LoadRequest[]
}
export type LoadResult = {
  /** Everything that was not a 2xx answer in time: the sum of the three below. */
  errors: number
  /** Connection errors, answers other than 2xx (the first few, status and body), late answers. */
  failures: { connection: number; non2xx: number; samples: string[]; timeouts: number }
  p50: number
  p95: number
  p99: number
  requests: number
  rps: number
}

const spec = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8')) as LoadSpec
let next = 0
const samples: string[] = []
const pick = () =>
  spec.variants[
    spec.order === 'sequential'
      ? next++ % spec.variants.length
      : Math.floor(Math.random() * spec.variants.length)
  ] ?? spec.variants[0]

const result = await autocannon({
  connections: spec.connections,
  duration: spec.durationSeconds,
  requests: [
    {
      setupRequest: (request) => {
        const variant = pick()
        return {
          ...request,
          body: variant?.body,
          headers: { ...request.headers, ...variant?.headers },
          method: (variant?.method ?? 'GET') as 'GET',
          path: variant?.path ?? '/',
        }
      },
      onResponse: (status: number, body: string) => {
        if ((status < 200 || status > 299) && samples.length < 3)
          samples.push(`${status} ${body.slice(0, 300)}`)
      },
    },
  ],
  // A request not answered within the run counts as an error (timeout) instead of vanishing.
  timeout: spec.timeoutSeconds ?? Math.max(1, spec.durationSeconds),
  url: spec.origin,
})

const output: LoadResult = {
  errors: result.errors + result.timeouts + result.non2xx,
  failures: {
    connection: result.errors,
    non2xx: result.non2xx,
    samples,
    timeouts: result.timeouts,
  },
  p50: result.latency.p50,
  p95: result.latency.p97_5 === undefined ? result.latency.p99 : percentile95(result),
  p99: result.latency.p99,
  requests: result.requests.total,
  rps: result.requests.average,
}
process.stdout.write(JSON.stringify(output))

/** autocannon reports p90 and p97.5; p95 is interpolated between them. */
function percentile95(run: autocannon.Result): number {
  const { p90, p97_5 } = run.latency
  return Math.round((p90 + ((p97_5 - p90) * 5) / 7.5) * 100) / 100
}
