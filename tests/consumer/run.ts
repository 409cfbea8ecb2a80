/**
 * `npm run test:consumer`: the plugin as a developer adopts it. Packs the package (`npm pack`),
 * creates a fresh Payload app in a temp directory (tests/consumer/host: its own users, media,
 * posts and form builder), installs the tarball, adds `eventsCmsPlugin()`, generates a migration and
 * adds the helper line, migrates up, down and up, type-checks the app strictly, then runs its checks
 * (tests/consumer/host/check.ts) through the Local API, REST and the admin panel of a running
 * `next dev`. Once with Payload's default serial ids, once with `idType: 'uuid'`
 * (CONSUMER_ID_TYPES=serial,uuid).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { freePort, startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'
import { commandLine } from '../../scripts/lib/cli'
import { NODE_FLAGS } from '../../scripts/lib/nodeFlags'

commandLine(`
Usage: npm run test:consumer

Packs the plugin, installs it in a fresh Payload app (serial and uuid ids), migrates up, down and
up, type-checks it and books through its REST API under \`next dev\`.
`)

const rootDir = path.resolve(import.meta.dirname, '..', '..')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-consumer-'))
const host = path.join(work, 'host')
const idTypes = (process.env.CONSUMER_ID_TYPES ?? 'serial,uuid').split(',')
const started = Date.now()

const step = (message: string) =>
  console.log(`[consumer ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`)

const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    )
  }
  return result.stdout
}

const version = (name: string): string =>
  (
    JSON.parse(
      fs.readFileSync(path.join(rootDir, 'node_modules', name, 'package.json'), 'utf8'),
    ) as {
      version: string
    }
  ).version

/** The files of a fresh app: the fixture, Payload's standard admin and API routes, package.json. */
const createHost = (tarball: string) => {
  fs.cpSync(path.join(rootDir, 'tests', 'consumer', 'host'), host, { recursive: true })
  const routes = path.join(rootDir, 'src', 'app', '(payload)')
  const target = path.join(host, 'src', 'app', '(payload)')
  for (const file of [
    'layout.tsx',
    'custom.scss',
    'admin/[[...segments]]/page.tsx',
    'admin/[[...segments]]/not-found.tsx',
    'api/[...slug]/route.ts',
    'api/graphql/route.ts',
  ]) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true })
    fs.copyFileSync(path.join(routes, file), path.join(target, file))
  }
  fs.writeFileSync(path.join(target, 'admin', 'importMap.js'), 'export const importMap = {}\n')
  const deps = [
    '@payloadcms/db-postgres',
    '@payloadcms/next',
    '@payloadcms/plugin-form-builder',
    '@payloadcms/richtext-lexical',
    '@payloadcms/ui',
    'graphql',
    'next',
    'payload',
    'react',
    'react-dom',
    'sharp',
  ]
  const devDeps = ['@types/node', '@types/react', '@types/react-dom', 'tsx', 'typescript']
  const manifest = {
    name: 'events-cms-consumer-host',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(deps.map((name) => [name, version(name)])),
      'payload-events-cms': `file:${tarball}`,
    },
    devDependencies: Object.fromEntries(devDeps.map((name) => [name, version(name)])),
    allowScripts: { esbuild: true },
  }
  fs.writeFileSync(path.join(host, 'package.json'), JSON.stringify(manifest, null, 2))
}

/** The one change a developer makes to the generated migration: the helper in up and down. */
const addHelperLines = (migrationsDir: string): string => {
  const file = fs.readdirSync(migrationsDir).find((name) => /^\d.*\.ts$/.test(name))
  if (!file) throw new Error(`migrate:create wrote no migration in ${migrationsDir}`)
  const full = path.join(migrationsDir, file)
  let source = fs.readFileSync(full, 'utf8')
  source = source
    .replace(
      /^(import .*\n)/,
      "$1import { down as eventsCmsDown, up as eventsCmsUp } from 'payload-events-cms/migrations'\n",
    )
    .replace(
      /\n}\n\nexport async function down/,
      '\n  await eventsCmsUp({ db, payload, req })\n}\n\nexport async function down',
    )
    .replace(
      /(export async function down\([^)]*\)[^{]*\{\n)/,
      '$1  await eventsCmsDown({ db, payload, req })\n',
    )
  if (!source.includes('eventsCmsUp({') || !source.includes('eventsCmsDown({')) {
    throw new Error(`could not add the helper lines to ${file}`)
  }
  fs.writeFileSync(full, source)
  return file
}

const waitFor = async (url: string, child: ChildProcess, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next dev exited with ${child.exitCode}`)
    try {
      const response = await fetch(url)
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

const database = await startEmbeddedPostgres({
  database: 'postgres',
  dataDir: path.join(work, 'pg'),
  persistent: false,
  port: 0,
})
let failed = false
try {
  step('npm run build:plugin && npm pack')
  run('npm', ['run', 'build:plugin'], rootDir)
  const packed = run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', work],
    rootDir,
  )
  const [info] = JSON.parse(packed) as {
    filename: string
    files: { path: string }[]
    size: number
  }[]
  if (!info) throw new Error('npm pack reported nothing')
  const outside = info.files.filter(
    ({ path: file }) => !/^(dist\/|docs\/|README\.md$|LICENSE$|package\.json$)/.test(file),
  )
  if (outside.length > 0)
    throw new Error(
      `the package ships more than dist/: ${outside.map(({ path: file }) => file).join(', ')}`,
    )
  step(`packed ${info.filename}: ${info.files.length} files, ${(info.size / 1024).toFixed(0)} KiB`)

  createHost(path.join(work, info.filename))
  step('npm install in a fresh app')
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], host)

  const admin = new pg.Client({ connectionString: database.url })
  admin.on('error', () => undefined) // the server stops under it when a step fails
  await admin.connect()
  for (const idType of idTypes) {
    await admin.query(`CREATE DATABASE host_${idType}`)
    const env = {
      DATABASE_URL: database.url.replace(/\/[^/]*$/, `/host_${idType}`),
      HOST_ID_TYPE: idType,
      NODE_ENV: 'development' as const,
      // What docs/extending.md asks of a host app on Node 20 (scripts/lib/nodeFlags.ts).
      NODE_OPTIONS: NODE_FLAGS.join(' '),
      PAYLOAD_SECRET: 'consumer-test-secret',
    }
    const migrationsDir = path.join(host, 'src', 'migrations')
    fs.rmSync(migrationsDir, { force: true, recursive: true })
    /**
     * The Payload CLI (payload/bin.js) starts with `void start()` and tsx's asynchronous loader:
     * on Node 20 the process has been seen to exit 0 before doing anything, now and then twice in
     * a row (CI, clean clone): Lexical's entry points leave Node 20's loader unsettled
     * (scripts/lib/nodeFlags.ts), which the flags in `env` avoid. Each step is still checked by
     * its result and run again, up to 4 times, when it did nothing.
     */
    const payloadCliUntil = async (
      done: () => boolean | Promise<boolean>,
      ...args: string[]
    ): Promise<void> => {
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        const output = run('npx', ['payload', ...args], host, env)
        if (await done()) return
        console.log(`  payload ${args.join(' ')} did nothing (attempt ${attempt}):\n${output}`)
      }
      throw new Error(`payload ${args.join(' ')} did not take effect`)
    }
    const migrated = async () => {
      const client = new pg.Client({ connectionString: env.DATABASE_URL })
      await client.connect()
      const { rows } = await client
        .query<{ migrations: null | string; rules: boolean }>(
          `SELECT (SELECT count(*) FROM payload_migrations WHERE batch > 0)::text AS migrations,
           to_regproc('audit_logs_append') IS NOT NULL AS rules`,
        )
        .catch(() => ({ rows: [{ migrations: null, rules: false }] }))
      await client.end()
      return rows[0]
    }

    const importMapFile = path.join(host, 'src', 'app', '(payload)', 'admin', 'importMap.js')
    const isUp = async () => {
      const state = await migrated()
      return state?.migrations === '1' && state.rules
    }
    // The initial migration's down drops every table, payload_migrations included.
    const isDown = async () => {
      const state = await migrated()
      return (state?.migrations ?? '0') === '0' && !state?.rules
    }

    step(`${idType}: payload migrate:create, add the helper line, migrate up, down, up`)
    await payloadCliUntil(
      () =>
        fs.existsSync(migrationsDir) &&
        fs.readdirSync(migrationsDir).some((name) => /^\d.*\.ts$/.test(name)),
      'migrate:create',
      'initial',
    )
    addHelperLines(migrationsDir)
    await payloadCliUntil(isUp, 'migrate')
    await payloadCliUntil(isDown, 'migrate:down')
    await payloadCliUntil(isUp, 'migrate')

    step(`${idType}: payload generate:importmap`)
    await payloadCliUntil(
      () => fs.readFileSync(importMapFile, 'utf8').includes("from 'payload-events-cms/rsc'"),
      'generate:importmap',
    )
    if (idType === idTypes[0]) {
      step('tsc --noEmit (strict, exactOptionalPropertyTypes)')
      run('npx', ['tsc', '--noEmit'], host)
    }

    const port = await freePort()
    step(`${idType}: next dev on port ${port}, then the checks`)
    const server = spawn('npx', ['next', 'dev', '--port', String(port)], {
      cwd: host,
      detached: true,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    try {
      await waitFor(`http://127.0.0.1:${port}/api/users/me`, server, 180_000)
      console.log(
        run('npx', ['tsx', 'check.ts'], host, { ...env, BASE_URL: `http://127.0.0.1:${port}` }),
      )
    } finally {
      if (server.pid) process.kill(-server.pid, 'SIGKILL')
    }
  }
  await admin.end()
} catch (error) {
  failed = true
  console.error(error)
} finally {
  await database.stop()
  if (!failed || !process.env.CONSUMER_KEEP) fs.rmSync(work, { force: true, recursive: true })
}
console.log(
  `consumer: ${failed ? 0 : idTypes.length} passed, ${failed ? 1 : 0} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`,
)
process.exit(failed ? 1 : 0)
