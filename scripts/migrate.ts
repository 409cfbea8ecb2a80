/**
 * Applies pending migrations (what `payload migrate` does) for `dev`, `start` and the test template.
 * Our own runner because the Payload CLI loads itself through a loader registered at run time, and
 * on Node 20 such a process can exit with code 0 before it has done anything while the loader is
 * still compiling (seen here on a cold tsx cache). A timer keeps this process alive until done.
 */
import { getPayload } from 'payload'

import config from '../payload.config'
import { appMigrations } from '../src/db/appMigrations'
import { closePayload } from '../src/db/closePayload'

const keepAlive = setInterval(() => undefined, 1000)
const payload = await getPayload({ config })
await payload.db.migrate({ migrations: appMigrations })
const { totalDocs } = await payload.count({ collection: 'payload-migrations' })
if (totalDocs < appMigrations.length) {
  throw new Error(`Only ${totalDocs} of ${appMigrations.length} migrations are recorded as applied`)
}
await closePayload(payload)
clearInterval(keepAlive)
process.exit(0)
