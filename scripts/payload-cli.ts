/**
 * `npm run payload -- <command>`: the Payload CLI with .env loaded and, for commands that need a
 * database, the embedded PostgreSQL started when DATABASE_URL is unset.
 */
import {
  ensureDatabase,
  ensureSecret,
  loadEnv,
  payloadBin,
  runNode,
  waitForExit,
} from './lib/runtime'

const args = process.argv.slice(2)
const needsDatabase = !['generate:types', 'generate:importmap'].includes(args[0] ?? '')

loadEnv()
ensureSecret()
const database = needsDatabase ? await ensureDatabase() : undefined
const code = await waitForExit(runNode([payloadBin, ...args]))
await database?.stop()
process.exit(code)
