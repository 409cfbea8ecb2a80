/** `npm start`: the production build on the database, with migrations applied before serving. */
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
// next start and Payload's prodMigrations both key off NODE_ENV.
Object.assign(process.env, { NODE_ENV: 'production' })
const database = await ensureDatabase()
try {
  await migrate()
} catch (error) {
  await database?.stop()
  throw error
}
const port = process.env.PORT ?? '3000'
log(`Serving the production build on http://localhost:${port}`)
await serveWith(runNode([nextBin, 'start', '--port', port]), database)
