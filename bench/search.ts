/**
 * `npm run bench:search`: the full-text search query against what a Payload `like` filter runs
 * (a find and a count, both ILIKE scans, one ILIKE per word as Payload does), in SQL alone on the
 * bench data, so request overhead does not hide the difference. BENCH_SEARCH (default "jazz
 * night"), BENCH_RUNS (default 200). For the 100k-event figure: `BENCH_EVENTS=100000 npm run
 * bench:seed` first.
 */
import pg from 'pg'

import { startBenchDatabase } from './lib/benchDatabase'
import { commandLine } from '../scripts/lib/cli'

commandLine(`
Usage: npm run bench:search

Full-text search against Payload's \`like\` filter in SQL on the bench data. BENCH_SEARCH, BENCH_RUNS.
`)

const q = process.env.BENCH_SEARCH ?? 'jazz night'
const RUNS = Number(process.env.BENCH_RUNS ?? 200)

const database = await startBenchDatabase()
const client = new pg.Client({ connectionString: database.url })
await client.connect()

const measure = async (statements: [string, unknown[]][]) => {
  // Unmeasured warm-up: the first runs after the server starts read the table from disk.
  for (let run = 0; run < 20; run += 1) {
    for (const [text, params] of statements) await client.query(text, params)
  }
  const times: number[] = []
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now()
    for (const [text, params] of statements) await client.query(text, params)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
  return { p50: at(0.5), p95: at(0.95) }
}

try {
  const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM events')
  const fullText = await measure([
    [
      `SELECT e.id, count(*) OVER () AS total FROM events e, websearch_to_tsquery('english', $1) AS query
       WHERE e.status = 'published' AND e.search_vector @@ query
       ORDER BY ts_rank(e.search_vector, query) DESC, e.start_date ASC LIMIT 10`,
      [q],
    ],
  ])
  // Payload's `like` matches every word separately: one ILIKE per word, ANDed (drizzle parseParams).
  const words = q.split(' ').filter(Boolean)
  const likeWhere = words.map((_, i) => `title ILIKE $${i + 1}`).join(' AND ')
  const likeParams = words.map((word) => `%${word}%`)
  const like = await measure([
    [
      `SELECT id FROM events WHERE status = 'published' AND ${likeWhere} ORDER BY created_at DESC LIMIT 10`,
      likeParams,
    ],
    [`SELECT count(*) FROM events WHERE status = 'published' AND ${likeWhere}`, likeParams],
  ])
  const ms = (n: number) => n.toFixed(2)
  console.log(
    `Search "${q}" over ${Number(rows[0]?.count).toLocaleString('en')} events, ${RUNS} runs, one connection (ms)`,
  )
  console.log('| query | p50 | p95 |\n| --- | --- | --- |')
  console.log(`| full-text (GIN, ranked) | ${ms(fullText.p50)} | ${ms(fullText.p95)} |`)
  console.log(`| Payload like (find + count) | ${ms(like.p50)} | ${ms(like.p95)} |`)
  console.log(
    `full-text is ${(like.p50 / fullText.p50).toFixed(1)}x faster at p50, ${(like.p95 / fullText.p95).toFixed(1)}x at p95`,
  )
} finally {
  await client.end()
  await database.stop()
}
