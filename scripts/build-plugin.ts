/**
 * `npm run build:plugin`: compiles the plugin (collections/, globals/, hooks/, src/ without the
 * reference app's src/app) to ESM JavaScript and .d.ts files in dist/, which the package exports.
 * It type-checks the plugin without the reference app's generated payload-types.ts, as a host
 * app's build would see it.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const rootDir = path.resolve(import.meta.dirname, '..')
const dist = path.join(rootDir, 'dist')
fs.rmSync(dist, { force: true, recursive: true })
const tsc = path.join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc')
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: rootDir,
  stdio: 'inherit',
})
if (result.status !== 0) process.exit(result.status ?? 1)

// The package is ESM ("type": "module" in package.json) and every relative import names its .js
// file, so dist/ runs in Node, Next.js and the Payload CLI alike.
const files = fs
  .readdirSync(dist, { recursive: true })
  .filter((file) => String(file).endsWith('.js'))
console.log(`build:plugin: ${files.length} modules in dist/`)
