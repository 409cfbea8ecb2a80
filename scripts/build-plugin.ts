/**
 * `npm run build:plugin`: compiles the plugin (collections/, globals/, hooks/, src/ without the
 * reference app's src/app) to ESM JavaScript and .d.ts files in dist/, which the package exports.
 * It type-checks the plugin without the reference app's generated payload-types.ts, as a host
 * app's build sees it.
 *
 * The source imports its modules without extensions (bundler style: Next.js, Vite and tsx resolve
 * them), while Node's ESM loader, which runs the Payload CLI in a host app, needs full paths; so
 * every relative specifier in dist/ is completed to its `.js` (or `/index.js`) file.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run build:plugin

Compiles the plugin to dist/ (ESM and .d.ts), the package's contents.
`)

const rootDir = path.resolve(import.meta.dirname, '..')
const dist = path.join(rootDir, 'dist')
fs.rmSync(dist, { force: true, recursive: true })
const tsc = path.join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc')
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: rootDir,
  stdio: 'inherit',
})
if (result.status !== 0) process.exit(result.status ?? 1)

const specifier = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g

const complete = (file: string, spec: string): string => {
  if (/\.(js|json|css)$/.test(spec)) return spec
  const target = path.resolve(path.dirname(file), spec)
  if (fs.existsSync(`${target}.js`)) return `${spec}.js`
  if (fs.existsSync(path.join(target, 'index.js'))) return `${spec}/index.js`
  throw new Error(`build:plugin: cannot resolve "${spec}" in ${path.relative(rootDir, file)}`)
}

const files = fs
  .readdirSync(dist, { recursive: true })
  .map((file) => path.join(dist, String(file)))
  .filter((file) => file.endsWith('.js') || file.endsWith('.d.ts'))
for (const file of files) {
  const source = fs.readFileSync(file, 'utf8')
  const rewritten = source.replace(
    specifier,
    (_, keyword: string, quote: string, spec: string) =>
      `${keyword}${quote}${complete(file, spec)}${quote}`,
  )
  if (rewritten !== source) fs.writeFileSync(file, rewritten)
}
console.log(`build:plugin: ${files.filter((file) => file.endsWith('.js')).length} modules in dist/`)

// Every entry point the package exports is built, and every import the documentation shows names
// something its entry point exports (read from the .d.ts: export lists and declarations).
const manifest = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as {
  exports: Record<string, { import: string; types: string }>
}
const exportedNames = (typesFile: string): Set<string> => {
  const text = fs.readFileSync(path.join(rootDir, typesFile), 'utf8')
  const names = new Set<string>()
  for (const [, list] of text.matchAll(/export(?:\s+type)?\s*\{([^}]*)\}/g)) {
    for (const part of (list ?? '').split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim()
      if (name) names.add(name)
    }
  }
  for (const [, name] of text.matchAll(/export\s+declare\s+(?:const|function|class)\s+(\w+)/g)) {
    if (name) names.add(name)
  }
  for (const [, name] of text.matchAll(/export\s+type\s+(\w+)/g)) if (name) names.add(name)
  return names
}
const problems: string[] = []
for (const [entry, target] of Object.entries(manifest.exports)) {
  for (const file of [target.import, target.types]) {
    if (!fs.existsSync(path.join(rootDir, file))) problems.push(`${entry}: ${file} was not built`)
  }
}
const pages = [
  'README.md',
  ...fs.readdirSync(path.join(rootDir, 'docs')).map((file) => path.join('docs', file)),
].filter((file) => file.endsWith('.md'))
for (const page of pages) {
  const text = fs.readFileSync(path.join(rootDir, page), 'utf8')
  for (const [, names, spec] of text.matchAll(
    /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(payload-events-cms(?:\/[\w-]+)?)'/g,
  )) {
    const entry = spec === 'payload-events-cms' ? '.' : `./${spec?.split('/')[1]}`
    const target = manifest.exports[entry]
    if (!target) {
      problems.push(`${page}: ${spec} is not an entry point of the package`)
      continue
    }
    const exported = exportedNames(target.types)
    for (const part of (names ?? '').split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
        ?.trim()
      if (name && !exported.has(name)) problems.push(`${page}: ${spec} does not export ${name}`)
    }
  }
}
if (problems.length > 0) {
  console.error(`build:plugin: the documented imports do not resolve:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`build:plugin: every entry point built, every documented import resolves`)
