/**
 * The benchmark's ceiling: a bare Next.js route answering the same cached JSON every time, with no
 * guard, no Payload and no database, so `npm run bench` can show each public read against the
 * most any answer over HTTP gets on the machine. Only when the server runs with BENCH_CEILING=1
 * (the bench's servers); a 404 otherwise.
 */
const body = JSON.stringify({
  docs: Array.from({ length: 10 }, (_, index) => ({
    id: index + 1,
    slug: `ceiling-${index + 1}`,
    title: 'A cached answer of about the size of a public page',
  })),
})

export const GET = (): Response =>
  process.env.BENCH_CEILING === '1'
    ? new Response(body, { headers: { 'content-type': 'application/json' } })
    : Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 })
