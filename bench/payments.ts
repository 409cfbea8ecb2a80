/**
 * `npm run bench:payments`: the payment webhook's effect (applyPaymentNotice, what
 * `POST /api/payments/webhook/:provider` runs once the signature is checked) on the bench
 * database: 500 distinct notices, 20 at a time (notices per second, ms each); 200 copies of one
 * notice at once (how many had an effect: must be 1); and 100 concurrent refunds of 1.00 on a
 * payment of 50.00 (refunded in total: must be 50.00; refused: 50). Figures, not assertions.
 */
import { performance } from 'node:perf_hooks'

import {
  commitTransaction,
  createLocalReq,
  getPayload,
  initTransaction,
  killTransaction,
  type RequiredDataFromCollectionSlug,
} from 'payload'

import { slugs } from 'payload-events-cms'
import { applyPaymentNotice, startRefund } from 'payload-events-cms/collections'
import { buildAppConfig } from '../src/app/appConfig'
import { closePayload } from '../scripts/lib/closePayload'
import { commandLine } from '../scripts/lib/cli'
import { loadEnv } from '../scripts/lib/runtime'
import { BENCH_SECRET, migrateBenchDatabase, startBenchDatabase } from './lib/benchDatabase'

commandLine(`
Usage: npm run bench:payments

Payment webhooks applied once each (500 distinct, 20 at a time), a replay storm (200 copies of one
at once) and 100 concurrent partial refunds against one payment, on the bench database.
`)

loadEnv()
process.env.PAYLOAD_SECRET = BENCH_SECRET
process.env.JOBS_AUTORUN = 'off'
const DISTINCT = 500
const PARALLEL = 20

const database = await startBenchDatabase()
await migrateBenchDatabase(database.url)
const payload = await getPayload({ config: await buildAppConfig({ databaseUrl: database.url }) })
const query = async <Row>(text: string, values: unknown[] = []) =>
  (await payload.db.pool.query(text, values)).rows as Row[]
const run = `bench-pay-${Date.now()}`

const [venue] = await query<{ id: string }>('SELECT id FROM venues LIMIT 1')
const event = await payload.create({
  collection: slugs.events,
  data: {
    capacity: DISTINCT + 10,
    category: 'concert',
    endDate: new Date(Date.now() + 8 * 86_400_000).toISOString(),
    price: 10,
    slug: run,
    startDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    status: 'published',
    title: run,
    venue: venue?.id ?? '',
  } as RequiredDataFromCollectionSlug<'events'>,
})
const [user] = await query<{ id: string }>(`SELECT id FROM users WHERE role = 'user' LIMIT 1`)

/** `n` pending bookings of one seat (a line and a ticket each), each with an open test payment. */
const paymentsFor = async (n: number, amount = '10') => {
  const rows = await query<{ booking: string; payment: string }>(
    `WITH b AS (
       INSERT INTO bookings (reference, event_id, user_id, seats, status, unit_price, currency, total_price, expires_at, updated_at, created_at)
       SELECT (SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + floor(random() * 31)::int, 1), '')
                 FROM generate_series(1, 8 + 0 * n)), $1, $2, 1, 'pending', $4::numeric, 'EUR', $4::numeric,
              now() + interval '1 hour', now(), now()
         FROM generate_series(1, $3::int) AS n
       RETURNING id
     ), l AS (
       INSERT INTO bookings_lines (_order, _parent_id, id, name, quantity, unit_price)
       SELECT 1, b.id, md5(random()::text), 'Admission', 1, $4::numeric FROM b
     ), t AS (
       INSERT INTO tickets (booking_id, event_id, code_hash)
       SELECT b.id, $1, encode(sha256(random()::text::bytea), 'hex') FROM b
     ), e AS (
       UPDATE events SET seats_booked = seats_booked + $3::int WHERE id = $1
     )
     INSERT INTO payments (booking_id, provider, status, amount, currency, amount_paid, amount_refunded, updated_at, created_at)
     SELECT b.id, 'test', 'pending', $4::numeric, 'EUR', 0, 0, now(), now() FROM b
     RETURNING booking_id::text AS booking, id::text AS payment`,
    [event.id, user?.id, n, amount],
  )
  return rows
}

const notice = (payment: string, eventId: string, amount = 1000) => ({
  amount,
  currency: 'EUR',
  eventId,
  kind: 'payment' as const,
  outcome: 'succeeded' as const,
  paymentId: payment,
  providerIntentId: `pi-${payment}`,
  providerPaymentId: null,
  type: 'bench.payment',
})
const apply = async (n: ReturnType<typeof notice>) =>
  applyPaymentNotice(await createLocalReq({}, payload), 'test', n)

// 1. Distinct notices, PARALLEL at a time.
const distinct = await paymentsFor(DISTINCT)
let next = 0
const latencies: number[] = []
const started = performance.now()
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < distinct.length) {
      const row = distinct[next++] as { payment: string }
      const t = performance.now()
      await apply(notice(row.payment, `${run}-${row.payment}`))
      latencies.push(performance.now() - t)
    }
  }),
)
const seconds = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const confirmed = await query<{ n: number }>(
  `SELECT count(*)::int AS n FROM bookings WHERE id = ANY($1::uuid[]) AND status = 'confirmed'`,
  [distinct.map(({ booking }) => booking)],
)
console.log(
  `distinct notices: ${DISTINCT} at ${PARALLEL} at a time: ${(DISTINCT / seconds).toFixed(0)}/s, ` +
    `p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(1)} ms, p95 ${latencies[Math.floor(latencies.length * 0.95)]?.toFixed(1)} ms; ` +
    `bookings confirmed: ${confirmed[0]?.n}`,
)

// 2. A replay storm: 200 copies of one notice at once.
const [storm] = await paymentsFor(1)
const stormStarted = performance.now()
const results = await Promise.all(
  Array.from({ length: 200 }, () => apply(notice(storm?.payment ?? '', `${run}-storm`))),
)
console.log(
  `replay storm: 200 copies at once in ${(performance.now() - stormStarted).toFixed(0)} ms: ` +
    `${results.filter(({ duplicate }) => !duplicate).length} with an effect, ` +
    `${results.filter(({ duplicate }) => duplicate).length} answered as already received`,
)

// 3. 100 concurrent refunds of 1.00 against a payment of 50.00.
const [refunded] = await paymentsFor(1, '50')
await apply(notice(refunded?.payment ?? '', `${run}-refunded`, 5000))
const outcomes = await Promise.allSettled(
  Array.from({ length: 100 }, () => {
    const refundOnce = async () => {
      const req = await createLocalReq({}, payload)
      await initTransaction(req)
      try {
        await startRefund(req, {
          amount: '1.00',
          payment: refunded?.payment ?? '',
          reason: 'bench',
          requestedBy: null,
        })
        await commitTransaction(req)
      } catch (error) {
        await killTransaction(req)
        throw error
      }
    }
    return refundOnce()
  }),
)
const [sum] = await query<{ refunded: string }>(
  'SELECT amount_refunded::text AS refunded FROM payments WHERE id = $1',
  [refunded?.payment],
)
console.log(
  `concurrent refunds: 100 of 1.00 on 50.00: ${outcomes.filter(({ status }) => status === 'fulfilled').length} recorded, ` +
    `${outcomes.filter(({ status }) => status === 'rejected').length} refused; refunded in total ${sum?.refunded}`,
)

await query(`DELETE FROM payload_jobs WHERE task_slug::text IN ('refundPayment', 'sendMail')`)
await closePayload(payload)
await database.stop()
