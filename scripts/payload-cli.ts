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
// Help and the generators read the config only.
const needsDatabase =
  args[0] !== undefined &&
  !['generate:types', 'generate:importmap'].includes(args[0]) &&
  !args.includes('--help') &&
  !args.includes('-h')

const help = args[0] === undefined || args[0] === '--help' || args[0] === '-h'
if (help) {
  console.log(
    'Usage: npm run payload -- <command> [options]\n\nThe Payload CLI with .env loaded and, for a command that needs a database, the embedded\nPostgreSQL started when DATABASE_URL is unset. Payload lists its commands:\n',
  )
}
loadEnv()
ensureSecret()
const database = needsDatabase ? await ensureDatabase() : undefined
// Payload's CLI lists its commands when given none, and exits 1 for that: help is not a failure.
const code = await waitForExit(runNode([payloadBin, ...(help ? [] : args)]))
await database?.stop()
process.exit(help ? 0 : code)
