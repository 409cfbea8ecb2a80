/**
 * The benchmark's ceiling: a bare Next.js route answering the same cached JSON every time, with no
 * guard, no Payload and no database, so `npm run bench` can show each public read against the
 * most any answer over HTTP gets on the machine. `?bytes=N` (up to 1 MB) pads the answer to N
 * bytes, so a large read can also be set against a bare answer of its own size. The same answer
 * at `/api/bench-ceiling/door` comes from the production server's front door
 * (src/platform/requests/frontDoor.ts), without Next.js: the ceiling of answers there. Only when
 * the server runs with BENCH_CEILING=1 (the bench's servers); a 404 otherwise.
 */
import config from '@payload-config'
import { apiSegments, openFrontDoor } from 'payload-events-cms/platform'

const docs = Array.from({ length: 10 }, (_, index) => ({
  id: index + 1,
  slug: `ceiling-${index + 1}`,
  title: 'A cached answer of about the size of a public page',
}))
const body = JSON.stringify({ docs })
const sized = new Map<number, string>()

const bodyOf = (bytes: number): string => {
  if (!Number.isInteger(bytes) || bytes <= body.length || bytes > 1_000_000) return body
  const known = sized.get(bytes)
  if (known) return known
  const padded = JSON.stringify({ docs, padding: 'x'.repeat(bytes - body.length - 13) })
  if (sized.size < 10) sized.set(bytes, padded)
  return padded
}

const answer = (request: Request): Response =>
  new Response(bodyOf(Number(new URL(request.url).searchParams.get('bytes') ?? 0)), {
    headers: { 'content-type': 'application/json' },
  })

export const GET = (request: Request): Response =>
  process.env.BENCH_CEILING === '1'
    ? answer(request)
    : Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 })

if (process.env.BENCH_CEILING === '1') {
  openFrontDoor(config, 'benchCeiling', {
    answer: async (request) => answer(request),
    matches: (method, pathname, resolved) =>
      method === 'GET' && apiSegments(pathname, resolved)?.join('/') === 'bench-ceiling/door',
  })
}
