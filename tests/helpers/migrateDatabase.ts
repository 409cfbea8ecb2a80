import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { nodeArgs, tsxCli } from '../../scripts/lib/nodeFlags'

const rootDir = path.resolve(import.meta.dirname, '..', '..')

/** The migration child must not inherit vitest's own variables and loaders. */
const cleanEnv = (): NodeJS.ProcessEnv => ({
  NODE_ENV: 'test',
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS',
    ),
  ),
})

/** scripts/migrate.ts on `databaseUrl`: the same path as `npm run dev`/`npm start`. */
const migrateCommand = (databaseUrl: string) => ({
  args: nodeArgs([tsxCli, path.join(rootDir, 'scripts/migrate.ts')]),
  options: {
    cwd: rootDir,
    env: {
      ...cleanEnv(),
      DATABASE_URL: databaseUrl,
      PAYLOAD_CONFIG_PATH: path.join(rootDir, 'payload.config.ts'),
    },
  },
})

/**
 * Migrates a database with scripts/migrate.ts in a child process: the same path as
 * `npm run dev`/`npm start`, and it keeps Payload out of vitest's main process.
 */
export const migrateDatabase = (databaseUrl: string): void => {
  const { args, options } = migrateCommand(databaseUrl)
  const result = spawnSync(process.execPath, args, {
    ...options,
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (result.status !== 0) {
    throw new Error(
      `payload migrate failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    )
  }
}

/** The same, running beside others: resolves with the exit code and everything it printed. */
export const startMigration = (databaseUrl: string): Promise<{ code: number; output: string }> =>
  new Promise((resolve) => {
    const { args, options } = migrateCommand(databaseUrl)
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => resolve({ code: code ?? 1, output }))
  })
