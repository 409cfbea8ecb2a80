/** `npm run dev`: database (embedded unless DATABASE_URL), migrations, then `next dev`. */
import {
  ensureDatabase,
  ensureSecret,
  loadEnv,
  log,
  migrate,
  nextBin,
  runNode,
  serveWith,
} from './lib/runtime'

loadEnv()
ensureSecret()
const database = await ensureDatabase()
try {
  await migrate()
} catch (error) {
  await database?.stop()
  throw error
}
const port = process.env.PORT ?? '3000'
log(`Starting Next.js on http://localhost:${port}/admin`)
await serveWith(runNode([nextBin, 'dev', '--port', port]), database)
