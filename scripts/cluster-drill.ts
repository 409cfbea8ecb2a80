/**
 * CI drill of app servers behind HAProxy (`npm run cluster`), against the production build on a
 * fresh embedded database (EVENTS_CMS_DATA_DIR=.data/cluster-drill):
 *
 * 0. Three app servers started at the same moment on the empty database, each as `npm start`
 *    (migrations first): all come up, and every migration is recorded once.
 * 1. A page published through instance A is read through instance B at once, and so is its next
 *    edit (B had it cached: the change reached B's cache through PostgreSQL NOTIFY).
 * 2. Bookings sent through both instances (and the balancer) against one event never oversell.
 * 3. Media uploaded through A is served by B (file and document).
 *
 * Exits non-zero on the first broken promise; prints what it measured.
 */
import fs from 'node:fs'
import path from 'node:path'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run cluster:drill

CI drill of three app servers started at once behind HAProxy on a fresh database (production
build and haproxy needed): migrations once, cache freshness across servers, bookings, media.
`)

const rootDir = path.resolve(import.meta.dirname, '..')
process.env.EVENTS_CMS_DATA_DIR = path.join(rootDir, '.data', 'cluster-drill')
process.env.EMBEDDED_PG_PORT ??= '54396'
fs.rmSync(process.env.EVENTS_CMS_DATA_DIR, { force: true, recursive: true })

const { startCluster } = await import('./lib/cluster')
const { apiRequest, createBookableEvent } = await import('./lib/apiClient')

const cluster = await startCluster({
  basePort: 3111,
  instances: 3,
  migrateOnEachServer: true,
  port: 3110,
  worker: true,
})
const [a, b] = cluster.instances as [string, string]
const fail = async (message: string): Promise<never> => {
  console.error(`cluster-drill: FAILED: ${message}`)
  await cluster.stop()
  process.exit(1)
}

// --- 0. three servers started at once on the empty database ---
const { migrations } = await import('../migrations/index')
const pg = (await import('pg')).default
const ledger = new pg.Client({ connectionString: process.env.DATABASE_URL })
await ledger.connect()
const { rows: applied } = await ledger.query<{ count: string; name: string }>(
  'SELECT name, count(*) AS count FROM payload_migrations GROUP BY name',
)
await ledger.end()
if (applied.length !== migrations.length || applied.some(({ count }) => count !== '1')) {
  await fail(
    `after three servers started at once: ${JSON.stringify(applied)} (expected ${migrations.length} migrations, once each)`,
  )
}
console.log(
  `cluster-drill: three app servers started at once on an empty database: all up, ${applied.length} migrations recorded once each`,
)

const send = apiRequest

// --- accounts: the first one is the admin ---
const admin = { email: 'cluster-admin@example.com', password: 'cluster-password-123' }
await send(a, 'POST', '/users', admin)
const token = String((await send(a, 'POST', '/users/login', admin)).json.token ?? '')
if (!token) await fail('could not sign in the admin')
const customers = await Promise.all(
  Array.from({ length: 6 }, async (_, i) => {
    const account = { email: `cluster-fan${i}@example.com`, password: 'cluster-password-123' }
    await send(i % 2 ? b : a, 'POST', '/users', account)
    return String((await send(i % 2 ? a : b, 'POST', '/users/login', account)).json.token ?? '')
  }),
)

// --- 1. publish through A, read through B at once ---
const paragraph = (text: string) => ({
  root: {
    children: [{ children: [{ text, type: 'text', version: 1 }], type: 'paragraph', version: 1 }],
    direction: 'ltr',
    format: '',
    indent: 0,
    type: 'root',
    version: 1,
  },
})
const created = await send(
  a,
  'POST',
  '/pages',
  {
    _status: 'published',
    layout: [{ alignment: 'left', blockType: 'richText', content: paragraph('Hello') }],
    slug: 'cluster',
    title: 'Published on A',
  },
  token,
)
const pageId = (created.json.doc as { id?: string } | undefined)?.id
if (!pageId)
  await fail(`publishing through A answered ${created.status} ${created.text.slice(0, 300)}`)
const titleOnB = async () =>
  (await send(b, 'GET', '/pages/published/cluster')).json.title as string | undefined
if ((await titleOnB()) !== 'Published on A') await fail('B does not serve the page A published')
await titleOnB() // a hit: B's listener has just made its round trip
await send(a, 'PATCH', `/pages/${pageId}`, { title: 'Edited on A' }, token)
const edited = Date.now()
let freshTitle = await titleOnB()
// B may serve the old page for cache.listen.maxStaleMs (100 ms) after A's commit, no longer.
if (freshTitle !== 'Edited on A') {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - edited))))
  freshTitle = await titleOnB()
}
if (freshTitle !== 'Edited on A') await fail(`B still serves "${freshTitle}" 100 ms after A's edit`)
console.log(
  `cluster-drill: a page published through A, and its edit, read through B within the 100 ms bound (fresh after ${Date.now() - edited} ms)`,
)

// --- 2. bookings through both instances and the balancer, one event ---
const eventId = await createBookableEvent(b, token, { capacity: 20, title: 'Cluster Night' })
if (!eventId) await fail('creating the event through B failed')
const origins = [a, b, cluster.origin]
const statuses = await Promise.all(
  Array.from({ length: 60 }, (_, i) =>
    send(
      origins[i % 3] as string,
      'POST',
      '/bookings',
      { event: eventId, seats: 1 },
      customers[i % customers.length],
    ).then(({ status }) => status),
  ),
)
const booked = statuses.filter((status) => status === 201).length
const refused = statuses.filter((status) => status === 409).length
const seats = (await send(a, 'GET', `/events/${eventId}?depth=0`)).json as { seatsBooked?: number }
if (booked !== 20 || refused !== 40 || seats.seatsBooked !== 20) {
  await fail(
    `60 bookings for 20 seats through A, B and the balancer: ${booked} booked, ${refused} refused, counter ${seats.seatsBooked}`,
  )
}
console.log(
  'cluster-drill: 60 bookings through A, B and HAProxy for 20 seats: 20 booked, 40 refused, counter 20',
)

// --- 3. media uploaded through A, served by B ---
const sharp = (await import('sharp')).default
const png = await sharp({
  create: { background: { b: 200, g: 80, r: 20 }, channels: 3, height: 300, width: 400 },
})
  .png()
  .toBuffer()
const form = new FormData()
form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'cluster.png')
form.append('_payload', JSON.stringify({ alt: 'Uploaded through A' }))
const uploaded = await send(a, 'POST', '/media', form, token)
const media = uploaded.json.doc as { filename?: string; id?: string; url?: string } | undefined
if (!media?.id || !media.filename)
  await fail(`uploading through A answered ${uploaded.status} ${uploaded.text.slice(0, 300)}`)
const doc = await send(b, 'GET', `/media/${media?.id}`)
const file = await fetch(`${b}/api/media/file/${media?.filename}`)
const bytes = Buffer.from(await file.arrayBuffer())
if (doc.status !== 200 || file.status !== 200 || !bytes.equals(png)) {
  await fail(
    `B answered ${doc.status} for the document and ${file.status} (${bytes.length} bytes) for the file`,
  )
}
console.log(
  `cluster-drill: media uploaded through A served by B (${bytes.length} bytes, identical)`,
)

await cluster.stop()
fs.rmSync(process.env.EVENTS_CMS_DATA_DIR, { force: true, recursive: true })
console.log('cluster-drill: passed')
process.exit(0)
