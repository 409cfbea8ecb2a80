/**
 * Applies pending migrations (what `payload migrate` does) for `dev`, `start` and the test template.
 * Our own runner because the Payload CLI loads itself through a loader registered at run time, and
 * on Node 20 such a process can exit with code 0 before it has done anything while the loader is
 * still compiling (seen here on a cold tsx cache). A timer keeps this process alive until done.
 */
import type { Migration } from 'payload'
import { getPayload } from 'payload'

import { migrations } from '../migrations'
import config from '../payload.config'
import { closePayload } from '../src/db/closePayload'

const keepAlive = setInterval(() => undefined, 1000)
const payload = await getPayload({ config })
// The generated index types each migration with db-postgres' argument types; the shapes match.
await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
const { totalDocs } = await payload.count({ collection: 'payload-migrations' })
if (totalDocs < migrations.length) {
  throw new Error(`Only ${totalDocs} of ${migrations.length} migrations are recorded as applied`)
}
await closePayload(payload)
clearInterval(keepAlive)
process.exit(0)
