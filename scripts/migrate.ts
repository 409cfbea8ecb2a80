/**
 * Applies pending migrations (what `payload migrate` does) for `dev`, `start` and the test template.
 * Our own runner because the Payload CLI loads itself through a loader registered at run time, and
 * on Node 20 such a process can exit with code 0 before it has done anything while the loader is
 * still compiling (seen here on a cold tsx cache). A timer keeps this process alive until done.
 */
import { getPayload } from 'payload'

import config from '../payload.config'
import { appMigrations } from './lib/appMigrations'
import { closePayload } from './lib/closePayload'

const keepAlive = setInterval(() => undefined, 1000)
// Like Payload's own migrate command: onInit (the plugin's check that its rules exist) must wait.
const payload = await getPayload({ config, disableOnInit: true })
await payload.db.migrate({ migrations: appMigrations })
const { totalDocs } = await payload.count({ collection: 'payload-migrations' })
if (totalDocs < appMigrations.length) {
  throw new Error(`Only ${totalDocs} of ${appMigrations.length} migrations are recorded as applied`)
}
await closePayload(payload)
clearInterval(keepAlive)
process.exit(0)
