import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Booking } from '../payload-types'
import { presentAuditChanges, verifyAuditChain } from 'payload-events-cms/audit'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type DocResponse = { doc: Booking }
type AuditRow = { changes: Record<string, { from: unknown; to: unknown }>; origin: string }

/** Fields that differ between any two bookings, whichever path made them. */
const volatile = ({ createdAt, expiresAt, id, lines, reference, updatedAt, ...rest }: Booking) => ({
  ...rest,
  expiresAt: typeof expiresAt,
  id: typeof id,
  lines: lines?.map((line) => ({ ...line, id: typeof line.id })),
  reference: typeof reference,
  times: [typeof createdAt, typeof updatedAt],
})

describe('the booking operation in one statement (while the collection is as the plugin built it)', () => {
  let user: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    ;({ user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const book = (body: Record<string, unknown>, depth = 0) =>
    app.rest.post(`/${slugs.bookings}?depth=${depth}`, body, { token: user.token })

  const auditRowOf = async (id: string) =>
    (
      await app.sql.query<AuditRow>(
        `SELECT changes, origin FROM audit_logs WHERE collection = 'bookings' AND document_id = $1`,
        [id],
      )
    ).rows

  it("should book in 3 statements (auth, the event's offer, the booking) and 2 once the offer is known", async () => {
    const event = await createEvent(app, { price: 12 })

    queries.length = 0
    expect((await book({ event: event.id, seats: 1 })).status).toBe(201)
    const first = queries.length
    queries.length = 0
    expect((await book({ event: event.id, seats: 1 })).status).toBe(201)

    expect(first).toBeLessThanOrEqual(3)
    expect(queries.length).toBeLessThanOrEqual(2)
    expect(queries.some((query) => query.includes('WITH lapsed AS'))).toBe(true)
    expect(await seatsBooked(app, event.id)).toBe(2)
  })

  it('should store, answer and audit exactly what the full create does', async () => {
    const event = await createEvent(app, { currency: 'EUR', price: 0.1 })

    const fastResponse = await book({ event: event.id, idempotencyKey: 'k-1', seats: 3 })
    // `status` is ignored by field access, and sends the request through Payload's create.
    const fullResponse = await book({
      event: event.id,
      idempotencyKey: 'k-2',
      seats: 3,
      status: 'confirmed',
    })

    expect(fastResponse.status).toBe(201)
    expect(fullResponse.status).toBe(201)
    const fast = (await json<DocResponse>(fastResponse)).doc
    const full = (await json<DocResponse>(fullResponse)).doc
    const stored = await app.payload.findByID({ collection: slugs.bookings, depth: 0, id: fast.id })
    expect(fast).toEqual(stored)
    expect({ ...volatile(fast), idempotencyKey: 'k' }).toEqual({
      ...volatile(full),
      idempotencyKey: 'k',
    })
    expect(fast).toMatchObject({ status: 'pending', totalPrice: 0.3, unitPrice: 0.1 })

    const [fastAudit] = await auditRowOf(fast.id)
    const [fullAudit] = await auditRowOf(full.id)
    // Salts and digests differ per row: compare what readers see.
    const comparable = (row: AuditRow | undefined) => ({
      ...row,
      changes: {
        ...(presentAuditChanges(row?.changes).changes as object),
        expiresAt: 'time',
        idempotencyKey: 'key',
        lines: 'rows with their own ids',
        reference: 'a new reference',
      },
    })
    expect(comparable(fastAudit)).toEqual(comparable(fullAudit))
    expect(fastAudit?.origin).toBe('rest')
    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: true })
  })

  it('should answer with the requested depth', async () => {
    const event = await createEvent(app, { title: 'Deep gig' })

    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 1 }, 1))

    expect(doc.event).toMatchObject({ id: event.id, title: 'Deep gig' })
  })

  it('should book at the new price after the event price changes', async () => {
    const event = await createEvent(app, { price: 10 })
    await book({ event: event.id, seats: 1 }) // the route's Payload now knows the price 10

    await app.payload.update({ collection: slugs.events, data: { price: 15 }, id: event.id })
    const { doc } = await json<DocResponse>(await book({ event: event.id, seats: 2 }))

    expect(doc).toMatchObject({ totalPrice: 30, unitPrice: 15 })
    expect(await seatsBooked(app, event.id)).toBe(3)
  })

  it('should leave no booking, seats or audit row when the statement fails', async () => {
    const event = await createEvent(app, { price: 5 })
    await book({ event: event.id, idempotencyKey: 'same', seats: 1 })

    const repeat = await book({ event: event.id, idempotencyKey: 'same', seats: 1 })

    expect(repeat.status).toBe(200)
    expect(await seatsBooked(app, event.id)).toBe(1)
    const { rows } = await app.sql.query(
      `SELECT count(*)::int AS n FROM audit_logs WHERE collection = 'bookings'`,
    )
    expect(rows[0]).toEqual({ n: 1 })
  })

  it('should leave a POST with a method override to Payload, which reads it as a list', async () => {
    const event = await createEvent(app)
    const response = await app.rest.post(
      `/${slugs.bookings}?depth=0`,
      { event: event.id, seats: 1 },
      { headers: { 'x-http-method-override': 'GET' }, token: user.token },
    )
    expect(response.status).toBe(200)
    expect(await json(response)).toMatchObject({ docs: [], totalDocs: 0 })
    expect(await seatsBooked(app, event.id)).toBe(0)
  })
})
