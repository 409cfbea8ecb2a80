/**
 * The consumer test's checks, run inside the host app (`tsx check.ts`) against its database and its
 * running Next.js server (BASE_URL): the Local API and REST, as the app's own code and clients use
 * the plugin. Prints one line per check; exits 1 on the first failure.
 */
import { getPayload } from 'payload'
import { verifyAuditChain, type SqlClient } from 'payload-events-cms/audit'

import config from './src/payload.config'

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3100'
let passed = 0

const check = (name: string, ok: boolean, detail?: unknown) => {
  if (!ok) {
    console.error(`consumer check FAILED: ${name}`, detail ?? '')
    process.exit(1)
  }
  passed += 1
  console.log(`  ok  ${name}`)
}

const rest = async (method: string, path: string, body?: unknown, token?: string) => {
  const init: RequestInit = {
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `JWT ${token}` } : {}),
    },
    method,
  }
  if (body !== undefined) init.body = JSON.stringify(body)
  const response = await fetch(`${base}/api${path}`, init)
  return { body: (await response.json()) as Record<string, unknown>, status: response.status }
}

const login = async (email: string, password: string) => {
  const { body } = await rest('POST', '/users/login', { email, password })
  return String(body.token)
}

const payload = await getPayload({ config })
const pool = (payload.db as unknown as { pool: SqlClient }).pool

// The host's users collection, joined: its fields and hook stay, the plugin's role comes in.
const admin = await payload.create({
  collection: 'users',
  data: { email: 'owner@example.com', password: 'owner-password-1', role: 'admin' },
})
check('host users keep their own hook (displayName derived)', admin.displayName === 'owner')
check('host users get the plugin role field', admin.role === 'admin')

const registered = await rest('POST', '/users', {
  email: 'ana@example.com',
  password: 'ana-password-1',
  role: 'admin',
})
const customer = registered.body.doc as { id: number | string; role: string } | undefined
check('anyone registers through REST, always as a customer', registered.status === 201 && customer?.role === 'user', registered)

const venue = await payload.create({
  collection: 'venues',
  data: { address: { city: 'Hamburg' }, capacity: 100, name: 'Harbour Hall', slug: 'harbour-hall' },
})
const start = Date.now() + 7 * 24 * 3600_000
const event = await payload.create({
  collection: 'events',
  data: {
    capacity: 2,
    endDate: new Date(start + 3 * 3600_000).toISOString(),
    price: 12.5,
    slug: 'jazz-night',
    startDate: new Date(start).toISOString(),
    status: 'published',
    title: 'Jazz night',
    venue: venue.id,
  },
})
check(`ids are ${process.env.HOST_ID_TYPE === 'uuid' ? 'uuids' : 'serial numbers'}`, typeof event.id === (process.env.HOST_ID_TYPE === 'uuid' ? 'string' : 'number'))

const token = await login('ana@example.com', 'ana-password-1')
const booked = await rest('POST', '/bookings', { event: event.id, seats: 2, idempotencyKey: 'k-1' }, token)
const booking = booked.body.doc as { status?: string; totalPrice?: number; unitPrice?: number } | undefined
check('a customer books 2 seats through REST (201, price snapshot)', booked.status === 201 && booking?.unitPrice === 12.5 && booking.totalPrice === 25, booked)
const replay = await rest('POST', '/bookings', { event: event.id, seats: 2, idempotencyKey: 'k-1' }, token)
check('the same idempotencyKey replays the booking (200)', replay.status === 200, replay)
const soldOut = await rest('POST', '/bookings', { event: event.id, seats: 1 }, token)
check('a sold-out event refuses with 409 naming it', soldOut.status === 409 && JSON.stringify(soldOut.body).includes('sold out'), soldOut)
const { rows } = await pool.query<{ seats_booked: number | string }>('SELECT seats_booked FROM events WHERE id = $1', [event.id])
check('the seat counter holds exactly the capacity', Number(rows[0]?.seats_booked) === 2, rows)

const post = await payload.create({ collection: 'posts', data: { title: 'Hello' } })
await payload.update({ collection: 'posts', data: { title: 'Hello again' }, id: post.id })
const postAudit = await payload.find({
  collection: 'audit-logs',
  where: { and: [{ collection: { equals: 'posts' } }, { documentId: { equals: String(post.id) } }] },
})
check("the host's own posts are audited (create + update)", postAudit.totalDocs === 2, postAudit.totalDocs)
const chain = await verifyAuditChain(pool)
check('the audit chain verifies', chain.ok, chain)

const forms = payload.config.collections.filter(({ slug }) => slug === 'forms')
check("the host's form builder is reused, not applied twice", forms.length === 1)
const form = await payload.create({
  collection: 'forms',
  data: {
    confirmationMessage: {
      root: {
        children: [
          { children: [{ text: 'Thanks!', type: 'text', version: 1 }], type: 'paragraph', version: 1 },
        ],
        direction: null,
        format: '',
        indent: 0,
        type: 'root',
        version: 1,
      },
    },
    confirmationType: 'message',
    fields: [{ blockType: 'email', name: 'email', label: 'Email', required: true }],
    title: 'Contact',
  },
})
const badSubmission = await rest('POST', '/form-submissions', {
  form: form.id,
  submissionData: [{ field: 'email', value: 'not-an-email' }],
})
check('form submissions are checked against their form (400)', badSubmission.status === 400, badSubmission)

const adminToken = await login('owner@example.com', 'owner-password-1')
const page = await fetch(`${base}/admin/collections/posts/${post.id}`, {
  headers: { cookie: `payload-token=${adminToken}` },
})
const html = await page.text()
check('the admin edit view answers 200 with the History panel', page.status === 200 && html.includes('audit-history'), page.status)

console.log(`consumer (${process.env.HOST_ID_TYPE ?? 'serial'} ids): ${passed} checks passed`)
await payload.destroy()
process.exit(0)
