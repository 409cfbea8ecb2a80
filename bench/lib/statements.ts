/**
 * SQL statements per request, counted with the db adapter's logger while the real route handlers
 * serve one request of each scenario (the fewest of 3 tries, so a stray job statement never
 * counts). One child process per variant: the handlers keep one Payload instance per process.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { rootDir, tsxCli } from '../../scripts/lib/runtime'
import type { LoadRequest } from './load'
import { nodeArgs } from '../../scripts/lib/nodeFlags'

export type StatementCounts = { ours: number; plain: number }
type Job = { databaseUrl: string; requests: Record<string, LoadRequest>; variant: 'ours' | 'plain' }

export const countStatements = async (
  databaseUrl: string,
  scenarios: { name: string; ours: LoadRequest[]; plain?: LoadRequest[] }[],
): Promise<Record<string, StatementCounts>> => {
  const counts = {} as Record<'ours' | 'plain', Record<string, number>>
  for (const variant of ['ours', 'plain'] as const) {
    const job: Job = {
      databaseUrl,
      requests: Object.fromEntries(
        scenarios.flatMap(({ name, ...variants }) => {
          const first = variants[variant]?.[0]
          return first ? [[name, first]] : []
        }),
      ),
      variant,
    }
    const file = path.join(os.tmpdir(), `events-cms-statements-${process.pid}-${variant}.json`)
    fs.writeFileSync(file, JSON.stringify(job))
    const child = spawnSync(
      process.execPath,
      nodeArgs([tsxCli, path.join(rootDir, 'bench/lib/statements.ts'), file]),
      {
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'production' },
        maxBuffer: 16 * 1024 * 1024,
      },
    )
    fs.rmSync(file, { force: true })
    // The counts are the last JSON line (Payload's logger may write after it).
    const last =
      child.stdout
        .trim()
        .split('\n')
        .findLast((line) => line.startsWith('{')) ?? ''
    if (child.status !== 0 || !last) {
      throw new Error(`statement count (${variant}) failed:\n${child.stderr}\n${child.stdout}`)
    }
    counts[variant] = JSON.parse(last) as Record<string, number>
  }
  return Object.fromEntries(
    scenarios.map(({ name }) => [
      name,
      { ours: counts.ours[name] ?? -1, plain: counts.plain[name] ?? -1 },
    ]),
  )
}

/** The child: serve each request through the route handlers and count statements. */
const main = async (file: string) => {
  const job = JSON.parse(fs.readFileSync(file, 'utf8')) as Job
  const [{ REST_DELETE, REST_GET, REST_PATCH, REST_POST }, { buildAppConfig }] = await Promise.all([
    import('@payloadcms/next/routes'),
    import('../../src/app/appConfig'),
  ])
  let statements = 0
  // BENCH_STATEMENTS_VERBOSE=1 prints each statement (what a count is made of) to stderr.
  const verbose = process.env.BENCH_STATEMENTS_VERBOSE === '1'
  const config = await buildAppConfig({
    databaseUrl: job.databaseUrl,
    onQuery: (query: string) => {
      statements += 1
      if (verbose) console.error(`  [statement ${statements}] ${query.slice(0, 300)}`)
    },
    plugin: job.variant === 'plain' ? { enabled: false } : {},
  })
  const handlers = {
    DELETE: REST_DELETE(config),
    GET: REST_GET(config),
    PATCH: REST_PATCH(config),
    POST: REST_POST(config),
  }
  // Start Payload (its migrations check) and give the cache's change listener time to connect:
  // until it listens, nothing is cached, and a cached read would be counted as a miss.
  await (
    await handlers.GET(new Request('http://localhost/api/events?limit=1&depth=0'), {
      params: Promise.resolve({ slug: ['events'] }),
    })
  ).arrayBuffer()
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const result: Record<string, number> = {}
  for (const [name, request] of Object.entries(job.requests)) {
    const [pathname = ''] = request.path.split('?')
    const slug = pathname
      .replace(/^\/api\//, '')
      .split('/')
      .filter(Boolean)
    const method = request.method.toUpperCase() as keyof typeof handlers
    let fewest = Infinity
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (verbose) console.error(`${name}, try ${attempt + 1}:`)
      const init: RequestInit = { headers: request.headers, method }
      if (request.body) init.body = request.body
      statements = 0
      const response = await handlers[method](
        new Request(`http://localhost${request.path}`, init),
        {
          params: Promise.resolve({ slug }),
        },
      )
      await response.arrayBuffer()
      fewest = Math.min(fewest, statements)
    }
    result[name] = fewest
  }
  console.log(JSON.stringify(result))
  process.exit(0)
}

if (process.argv[1]?.endsWith('statements.ts') && process.argv[2]) await main(process.argv[2])
