/** `npm run build`: import map first (rich text fields vanish from the admin without it), then `next build`. */
import { loadEnv, log, nextBin, payloadBin, runNode, waitForExit } from './lib/runtime'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run build

Generates the admin import map, then the Next.js production build in .next/ (no database needed).
`)

loadEnv()
// The build never touches the database, but Payload requires a secret to load the config.
process.env.PAYLOAD_SECRET ??= 'build-time-placeholder'
log('Generating the admin import map')
if ((await waitForExit(runNode([payloadBin, 'generate:importmap']))) !== 0) process.exit(1)
log('Building Next.js')
process.exit(await waitForExit(runNode([nextBin, 'build'])))
