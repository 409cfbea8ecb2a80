/**
 * `npm run seed`: starter content (admin, settings, form, images, venues, events, five pages) in
 * the app's database, after applying pending migrations. Safe to run again: it only adds what is
 * missing. SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD choose the admin account.
 */
import { ensureDatabase, ensureSecret, loadEnv, migrate } from './lib/runtime'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run seed

Applies pending migrations and adds the starter content that is missing (admin, settings, form,
images, venues, events, pages). Safe to run again. SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD choose
the admin account; otherwise the password is printed once.
`)

loadEnv()
ensureSecret()
const database = await ensureDatabase()
let code = 0
try {
  await migrate()
  const keepAlive = setInterval(() => undefined, 1000)
  const [{ getPayload }, { default: config }, { seed }, { closePayload }] = await Promise.all([
    import('payload'),
    import('../payload.config'),
    import('./seed/seed'),
    import('./lib/closePayload'),
  ])
  const payload = await getPayload({ config })
  const report = await seed(payload, {
    adminEmail: process.env.SEED_ADMIN_EMAIL,
    adminPassword: process.env.SEED_ADMIN_PASSWORD,
    log: (message) => console.log(message),
  })
  console.log(`seed: ${report.created.length} created, ${report.skipped.length} already there`)
  if (report.adminPassword && !process.env.SEED_ADMIN_PASSWORD) {
    console.log(`seed: admin password (shown once): ${report.adminPassword}`)
  }
  await closePayload(payload)
  clearInterval(keepAlive)
} catch (error) {
  console.error('seed: FAILED', error)
  code = 1
}
await database?.stop()
process.exit(code)
